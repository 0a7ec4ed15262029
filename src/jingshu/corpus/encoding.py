"""Bytes to text for Chinese input, and byte-level candidates for mojibake repair.

:func:`decode_bytes` turns raw file bytes into text: a byte-order mark decides first,
then strict UTF-8, then UTF-16 without a mark (many NUL bytes), then
charset-normalizer's guess. Where that guess is a Chinese double-byte codec the
character language model (:mod:`jingshu.corpus.charlm`) arbitrates between GB18030
and Big5-HKSCS, whose byte ranges overlap so that short files decode without error
both ways (a 13-byte GBK file is guessed as Big5 by charset-normalizer).

The candidate functions rebuild the bytes that a wrong decoding saw and decode them
the right way; :class:`~jingshu.corpus.ops.mojibake.MojibakeRepairer` scores each
candidate with the character model before using it:

* :func:`phase_shift_candidate`: a GBK or Big5 stream decoded one byte out of phase
  (a byte lost or inserted earlier), so each character is made of the second byte
  of one character and the first byte of the next (``泼鳎合衷`` ← ``黄明：现``);
* :func:`latin1_gbk_candidate`: GBK bytes shown as Latin-1 / CP1252
  (``¸ü¶à¾«Ð£`` → ``更多精校``);
* :func:`cp1252_utf8_options`: UTF-8 bytes read as CP1252 where the five bytes CP1252
  leaves undefined became U+FFFD (``ç¼–ç\xa0�`` → ``编码``): each U+FFFD is one of
  those five continuation bytes, so each character has at most a few readings.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jingshu.errors import InputError

__all__ = [
    "CP1252_UNDEFINED",
    "DOUBLE_BYTE_CODECS",
    "Decoded",
    "PhaseShift",
    "chars_with_byte",
    "cp1252_utf8_options",
    "decode_bytes",
    "latin1_gbk_candidate",
    "phase_shift_candidate",
    "phase_shift_parts",
    "read_text_file",
]

DOUBLE_BYTE_CODECS = ("gb18030", "big5hkscs")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE_GUESSES = frozenset(
    ["gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "cp936", "euc_tw"]
)
LOST = "\ufffd"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes.

    Args:
        text: The decoded text.
        encoding: The codec used (Python's name).
        replaced: Bytes that could not be decoded, each shown as U+FFFD.
    """

    text: str
    encoding: str
    replaced: int = 0


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _lm_pick(data: bytes, codecs_: tuple[str, ...]) -> Decoded:
    from jingshu.corpus.charlm import default_charlm

    lm = default_charlm()
    best: tuple[float, Decoded] | None = None
    for codec in codecs_:
        text = data.decode(codec, errors="replace")
        replaced = text.count(LOST)
        # each replaced byte costs as much as a very unlikely character
        rank = lm.score(text[:20000]) - 20.0 * replaced / max(1, len(text))
        if best is None or rank > best[0]:
            best = (rank, Decoded(text, codec, replaced))
    assert best is not None
    return best[1]


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes: BOM, UTF-8, UTF-16, else the detected codec.

    Args:
        data: The raw bytes of one file.

    Returns:
        The text, the codec used and how many bytes were replaced by U+FFFD (0 unless
        no codec decodes the bytes cleanly, as with Sogou's files that hold stray bytes,
        or UTF-8 is cut inside its last character, which becomes one U+FFFD).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return Decoded(text, codec, text.count(LOST))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # a UTF-8 stream cut inside its last character (a truncated pipe or file)
            return Decoded(data[: exc.start].decode("utf-8") + LOST, "utf-8", 1)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        return Decoded(text, utf16, text.count(LOST))
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    name = str(guess.encoding) if guess is not None else ""
    if guess is not None and name not in _CHINESE_GUESSES:
        return Decoded(str(guess), name)
    return _lm_pick(data, DOUBLE_BYTE_CODECS)


def read_text_file(path: Path) -> Decoded:
    """Read and decode one text or HTML file (see :func:`decode_bytes`).

    Args:
        path: The file.

    Raises:
        InputError: The file cannot be read.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc}", hint="check the path") from None
    return decode_bytes(data)


def _encode_run(run: str, codec: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        try:
            raw = ch.encode(codec)
        except UnicodeEncodeError:
            return None
        if len(raw) != 2:
            return None
        out += raw
    return bytes(out)


def phase_shift_candidate(run: str, codec: str) -> str | None:
    """Re-read a run of double-byte characters one byte later.

    The run's first byte belonged to a character whose other byte was lost, and its
    last byte starts a character cut by what follows: both ends become U+FFFD.

    Args:
        run: Characters that each encode to two bytes in ``codec``.
        codec: ``gb18030`` (or ``gbk``) or ``big5hkscs`` (or ``big5``).

    Returns:
        ``"\\ufffd" + inner + "\\ufffd"``, or ``None`` when the run does not encode in
        ``codec`` or the shifted bytes do not decode.
    """
    raw = _encode_run(run, codec)
    if raw is None or len(raw) < 4:
        return None
    try:
        inner = raw[1:-1].decode(codec)
    except UnicodeDecodeError:
        return None
    if any(len(ch.encode(codec)) != 2 for ch in inner):
        return None  # resynchronised on a single byte: not a clean shift
    return LOST + inner + LOST


@dataclass(frozen=True)
class PhaseShift:
    """A double-byte run re-read one byte later (see :func:`phase_shift_parts`).

    Args:
        first_trail: The second byte of the run's first character, whose first byte was lost.
        inner: The characters read whole.
        last_lead: The first byte of the run's last character, whose second byte was
            lost; ``None`` when that byte fused with the next ASCII character instead.
        fused_ascii: That ASCII character (the last character is then in ``inner``).
    """

    first_trail: int
    inner: str
    last_lead: int | None
    fused_ascii: str = ""


def phase_shift_parts(run: str, codec: str) -> PhaseShift | None:
    """Re-read a run of double-byte characters one byte later, keeping what the ends tell.

    When the run's last character holds an ASCII second byte (a lead byte fused with
    the next ASCII character, ``絘`` = ``BD`` + ``a``), that character is given back
    and the run's last character is whole.

    Args:
        run: Characters that each encode to two bytes in ``codec``.
        codec: ``gb18030`` (or ``gbk``) or ``big5hkscs`` (or ``big5``).

    Returns:
        The parts, or ``None`` when the run does not encode in ``codec`` or the shifted
        bytes do not decode as double-byte characters.
    """
    raw = _encode_run(run, codec)
    if raw is None or len(raw) < 4:
        return None
    fused = raw[-1] < 0x80
    body = raw[1:] if fused else raw[1:-1]
    try:
        inner = body[:-1].decode(codec) if fused else body.decode(codec)
    except UnicodeDecodeError:
        return None
    if any(len(ch.encode(codec)) != 2 for ch in inner):
        return None  # resynchronised on a single byte: not a clean shift
    if fused:
        return PhaseShift(raw[0], inner, None, chr(raw[-1]))
    return PhaseShift(raw[0], inner, raw[-1])


@lru_cache(maxsize=1024)
def chars_with_byte(byte: int, codec: str, *, lead: bool) -> tuple[str, ...]:
    """Han characters whose two-byte form in ``codec`` starts (or ends) with ``byte``.

    Args:
        byte: The byte known.
        codec: A double-byte codec (``gb18030``, ``big5hkscs``).
        lead: True when ``byte`` is the first byte, False when it is the second.
    """
    out: list[str] = []
    for other in range(0x40, 0xFF):
        pair = bytes([byte, other]) if lead else bytes([other, byte])
        try:
            ch = pair.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and "\u4e00" <= ch <= "\u9fff":
            out.append(ch)
    return tuple(out)


# CP1252's printable characters in 0x80..0x9F (the euro sign, curly quotes, ...)
_CP1252_EXTRA = {
    bytes([b]).decode("cp1252"): bytes([b])
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def latin1_gbk_candidate(run: str) -> str | None:
    """Decode a run of Latin-1 / CP1252 characters as the GBK bytes they were.

    Args:
        run: Characters in U+0080..U+00FF or CP1252's extra characters (``€``, ``‰`` ...).

    Returns:
        The GBK reading, or ``None`` when the bytes are not GBK.
    """
    out = bytearray()
    for ch in run:
        if "\x80" <= ch <= "\xff":
            out.append(ord(ch))
        elif ch in _CP1252_EXTRA:
            out += _CP1252_EXTRA[ch]
        else:
            return None
    try:
        return bytes(out).decode("gb18030")
    except UnicodeDecodeError:
        return None


# bytes CP1252 leaves undefined: a decoder with errors="replace" shows each as U+FFFD
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    return 4 if 0xF0 <= lead <= 0xF4 else 0


def _cp1252_bytes(run: str) -> list[int | None] | None:
    out: list[int | None] = []
    for ch in run:
        if ch == LOST:
            out.append(None)  # one of CP1252_UNDEFINED
        elif "\x80" <= ch <= "\xff":
            out.append(ord(ch))
        elif ch in _CP1252_EXTRA:
            out.append(_CP1252_EXTRA[ch][0])
        else:
            return None
    return out


def _readings(seq: list[int | None]) -> list[str]:
    options: list[bytes] = [b""]
    for b in seq:
        options = [o + bytes([c]) for o in options for c in ((b,) if b else CP1252_UNDEFINED)]
    readings: list[str] = []
    for raw in options:
        try:
            readings.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return readings


def cp1252_utf8_options(run: str) -> list[list[str]] | None:
    """The UTF-8 characters a CP1252 reading with lost bytes can stand for.

    Args:
        run: Characters of Latin-1 / CP1252 and U+FFFD, where U+FFFD is a byte CP1252
            leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).

    Returns:
        For each character of the UTF-8 text, its possible readings (one when no byte
        of it was lost), or ``None`` when the run is not UTF-8 that way.
    """
    raw = _cp1252_bytes(run)
    if raw is None or raw[0] is None:
        return None
    chars: list[list[str]] = []
    i = 0
    while i < len(raw):
        lead = raw[i]
        size = 0 if lead is None else _utf8_length(lead)
        if size == 0 or i + size > len(raw):
            return None
        readings = _readings(raw[i : i + size])
        if not readings:
            return None
        chars.append(readings)
        i += size
    return chars
