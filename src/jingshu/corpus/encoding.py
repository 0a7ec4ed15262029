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
  (``¸ü¶à¾«Ð£`` → ``更多精校``).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from jingshu.errors import InputError

__all__ = [
    "DOUBLE_BYTE_CODECS",
    "Decoded",
    "decode_bytes",
    "latin1_gbk_candidate",
    "phase_shift_candidate",
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
        no codec decodes the bytes cleanly, as with Sogou's files that hold stray bytes).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return Decoded(text, codec, text.count(LOST))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
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
