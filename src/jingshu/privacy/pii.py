"""Recognizers of Chinese personal and organisational identifiers.

Pure functions over text, each returning :class:`PiiSpan` s; :data:`RECOGNIZERS` is
the one registry that the corpus redactor, the ``jingshu privacy`` commands and the
Presidio adapter share (:func:`register_recognizer` adds one, e.g. a trained CRF). Numbers are
validated, not only matched: the resident ID's region, birth date and GB 11643
(ISO 7064 MOD 11-2) check digit; bank cards' Luhn digit; the unified social credit
code's GB 32100 check character. A number inside a longer run of digits is not a match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence

from jingshu.errors import ConfigError
from jingshu.hanzi import t2s_characters
from jingshu.privacy.recognizers import (
    NAME_DOTS,
    find_addresses,
    find_ip_addresses,
    find_landlines,
    find_organizations,
    find_passports,
    find_places,
    find_plates,
    find_qq,
    find_tagged_names,
    find_wechat,
    public_figure,
    public_role,
)
from jingshu.privacy.spans import PiiSpan, Recognizer, regex_spans

__all__ = [
    "RECOGNIZERS",
    "PiiSpan",
    "Recognizer",
    "find_bank_cards",
    "find_emails",
    "find_mobiles",
    "find_person_names",
    "find_pii",
    "find_resident_ids",
    "find_street_addresses",
    "find_titled_names",
    "find_uscc",
    "luhn_valid",
    "register_recognizer",
    "resident_id_valid",
    "uscc_valid",
]


# Province-level codes of GB/T 2260 (first two digits of a resident ID).
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63"}
    | {"64", "65", "71", "81", "82"}
)
_ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d])")
# UnionPay (62, 60 domestic debit, 81), Visa (4), Mastercard (5).
_CARD_RE = re.compile(r"(?<![\d])(?:62|60|81|4\d|5[1-5])\d{2}(?:[- ]?\d){12,15}(?![\d])")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_USCC_RE = re.compile(r"(?<![0-9A-Z])[1-9ANY][1-59][0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Z])")
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def resident_id_valid(number: str) -> bool:
    """True for an 18-character mainland resident ID with valid region, date and check.

    Args:
        number: 17 digits then a digit or ``X``.
    """
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in _PROVINCES:
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= dt.date.today():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    check = (12 - total % 11) % 11
    return number[17].upper() == ("X" if check == 10 else str(check))


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` passes the Luhn check (bank card numbers).

    Args:
        digits: Digits only.
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def uscc_valid(code: str) -> bool:
    """True for an 18-character unified social credit code with a valid GB 32100 check.

    Args:
        code: The code, upper case.
    """
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


def _spans(
    kind: str, pattern: re.Pattern[str], text: str, ok: Callable[[str], bool]
) -> list[PiiSpan]:
    return regex_spans(kind, pattern, text, ok)


def find_resident_ids(text: str) -> list[PiiSpan]:
    """Resident ID numbers (GB 11643) in ``text``."""
    return _spans("resident_id", _ID_RE, text, resident_id_valid)


def find_mobiles(text: str) -> list[PiiSpan]:
    """Mainland mobile numbers (1[3-9]x, 11 digits, optional +86 and separators)."""
    return _spans("mobile", _MOBILE_RE, text, lambda _: True)


def find_bank_cards(text: str) -> list[PiiSpan]:
    """Bank card numbers: 16-19 digits, UnionPay (62, 60, 81), Visa or Mastercard, Luhn-valid."""

    def ok(value: str) -> bool:
        digits = re.sub(r"[- ]", "", value)
        return 16 <= len(digits) <= 19 and luhn_valid(digits)

    return _spans("bank_card", _CARD_RE, text, ok)


def find_uscc(text: str) -> list[PiiSpan]:
    """Unified social credit codes (GB 32100) in ``text``."""
    return _spans("uscc", _USCC_RE, text, uscc_valid)


def find_emails(text: str) -> list[PiiSpan]:
    """E-mail addresses in ``text``."""
    return _spans("email", _EMAIL_RE, text, lambda _: True)


# The most common Chinese surnames (the 2020 census top 100 covers ~85% of people),
# single-character ones, plus frequent compound surnames.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏"
    "苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
    "万覃武钱戴严莫孔向常汤康易乔赖文傅施洪牛葛翟柳殷闵温齐鲁"
)
_SURNAME = r"(?:欧阳|司马|上官|诸葛|东方|皇甫|[" + _SURNAMES + r"])"
# Role words (申请人, 甲方 ...) introduce a name only in a form, with a colon: in running
# text they are followed by verbs (经申请人许可, 甲方同意), not names.
_ROLE_CUES = (
    "联系人|联络人|法定代表人|负责人|投稿人|收件人|寄件人|收货人|申请人|就诊人|患者|"
    "作者|名单|甲方|乙方|示例"
)
_SELF_CUES = "姓名|我是|我叫|名叫"
_CUED_NAME_RE = re.compile(
    r"(?:(?:" + _ROLE_CUES + r")[）)]?[：:]|(?:" + _SELF_CUES + r")[）)]?[：:]?)\s*"
    r"(" + _SURNAME + r"[\u4e00-\u9fff]{1,2}(?:、" + _SURNAME + r"[\u4e00-\u9fff]{1,2})*)"
    r"(?=[，,。；;\s（(：:]|$)"
)
_ADDRESS_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?[省市区县镇乡])*[\u4e00-\u9fff]{1,8}?(?:路|街|大道|巷|胡同|弄)"
    r"\d{1,5}号(?:\d{1,3}(?:栋|幢|号楼))?(?:\d{1,2}单元)?(?:\d{1,5}[室房])?"
)
_TITLED_NAME_RE = re.compile(
    r"((?:欧阳|司马|上官|诸葛|东方|皇甫|[" + _SURNAMES + r"])[\u4e00-\u9fff]{1,2}?)"
    r"(?:先生|女士|小姐)"
)
_HONORIFICS = ("先生", "女士", "小姐")
_HEURISTIC = ("address", "organization", "person_name", "place")


def find_titled_names(text: str) -> list[PiiSpan]:
    """Personal names written with an honorific (李晓红女士) or after a cue
    that introduces a person (联系人：, 姓名, 申请人, 我是 …, lists after 名单：).

    The name is reported without its honorific (``李晓红``), as name sets label it. A
    bare surname with an honorific (``王先生``) is not taken: a surname alone does not
    identify anyone, and name sets (CLUENER2020, MSRA) do not label it. Other names
    need a named-entity model (a trained CRF, :mod:`jingshu.privacy.crf`).
    """
    spans = regex_spans("person_name", _TITLED_NAME_RE, text, group=1)
    for m in _CUED_NAME_RE.finditer(text):
        start = m.start(1)
        for name in m.group(1).split("、"):
            if not name.endswith(_HONORIFICS):  # 市民王先生: a bare surname
                spans.append(PiiSpan("person_name", start, start + len(name), name))
            start += len(name) + 1
    return spans


def find_person_names(text: str) -> list[PiiSpan]:
    """Person names: the shipped tagger's (:mod:`jingshu.privacy.tagger`), then the
    honorific and cue rules of :func:`find_titled_names` where the tagger found none.

    A name written with a title of public office right before or after it (总理李克强,
    李克强总理, ``主席 乔治·华盛顿``) comes back as ``public_official``, a type the
    default policy keeps (:func:`jingshu.privacy.recognizers.entities.public_role`); a
    well-known person's name (:func:`~jingshu.privacy.recognizers.entities.public_figure`)
    comes back as ``public_figure``, kept too, unless a form cue or an honorific
    introduces it (``联系人：张三丰``: a private person of that name).
    """
    spans = find_tagged_names(text)
    cued = find_titled_names(text)
    for span in cued:
        if all(span.end <= s.start or span.start >= s.end for s in spans):
            spans.append(span)
    private = {(s.start, s.end) for s in cued}
    typed = [(s, _name_type(text, s, (s.start, s.end) in private)) for s in spans]
    public = _public_names(typed)
    out = []
    for span, kind in typed:
        if kind == span.type and (span.start, span.end) not in private:
            kind = public.get(span.value, kind)
        out.append(span if kind == span.type else PiiSpan(kind, span.start, span.end, span.value))
    return out


def _public_names(typed: list[tuple[PiiSpan, str]]) -> dict[str, str]:
    """Names that one mention in the text shows to be public, with that mention's
    type: the other mentions of the same name in the same text are the same person
    (``国务院总理李克强`` … ``李克强表示``; ``蔡元培（1868年…`` … ``蔡元培主张``). The
    last part of a dotted public name counts too (``乔治·华盛顿`` … ``华盛顿``)."""
    public: dict[str, str] = {}
    for span, kind in typed:
        if kind != span.type:
            public.setdefault(span.value, kind)
            last = re.split("[" + NAME_DOTS + "]", span.value)[-1]
            if last != span.value and len(last) >= 2:
                public.setdefault(last, kind)
    return public


def _name_type(text: str, span: PiiSpan, cued: bool) -> str:
    if public_role(text, span):
        return "public_official"
    return "public_figure" if not cued and public_figure(text, span) else span.type


def find_street_addresses(text: str) -> list[PiiSpan]:
    """Addresses down to a building, unit or room (…路12号3栋2单元801室).

    A street and number alone may be a business; only house-level detail is taken.
    """
    return _spans("address", _ADDRESS_RE, text, lambda v: any(c in v for c in "栋幢楼单元室房"))


RECOGNIZERS: dict[str, Recognizer] = {
    "resident_id": find_resident_ids,
    "uscc": find_uscc,
    "bank_card": find_bank_cards,
    "passport": find_passports,
    "ip_address": find_ip_addresses,
    "mobile": find_mobiles,
    "landline": find_landlines,
    "license_plate": find_plates,
    "email": find_emails,
    "qq": find_qq,
    "wechat": find_wechat,
    "person_name": find_person_names,
    "address": find_addresses,
    "organization": find_organizations,
    "place": find_places,
}
"""Recognizers by type, in priority order: where spans overlap the earlier type wins
(the name, address, organisation and place recognizers always come last, in the order
address, organization, person_name, place; see :func:`find_pii`)."""


def register_recognizer(name: str, recognizer: Recognizer, *, replace: bool = False) -> None:
    """Add ``recognizer`` to :data:`RECOGNIZERS` under ``name`` (lowest priority).

    Args:
        name: Registry key; the spans it returns keep their own ``type``.
        recognizer: Text in, spans out (e.g. ``CrfRecognizer.load(path)``).
        replace: Allow replacing an existing entry.

    Raises:
        ConfigError: ``name`` is taken and ``replace`` is false.
    """
    if name in RECOGNIZERS and not replace:
        raise ConfigError(
            f"recognizer {name!r} is already registered", hint="pass replace=True or another name"
        )
    RECOGNIZERS[name] = recognizer


def find_pii(
    text: str, types: Iterable[str] | None = None, *, extra: Sequence[Recognizer] = ()
) -> list[PiiSpan]:
    """All non-overlapping PII spans in ``text``, sorted by position.

    Where spans overlap, the earlier recognizer wins: the validated and pattern
    identifiers first, in registry order, then ``extra`` (a trained model), then
    detailed addresses, organisations, person names and places, in that order: an
    address with a door holds place names, an organisation (``宋庆龄基金会``) may
    hold a person's name, and neither part is a separate entity. ``organization``
    and ``place`` spans are returned too; the default redaction policy keeps them
    (:data:`jingshu.privacy.actions.PUBLIC_TYPES`).

    Args:
        text: Text to scan.
        types: Recognizer names to run (all of :data:`RECOGNIZERS` if omitted).
        extra: More recognizers (e.g. a trained CRF), run after the identifiers and
            before the name and address heuristics.

    Raises:
        KeyError: An unknown recognizer name.
    """
    names = list(types if types is not None else RECOGNIZERS)
    rules = [RECOGNIZERS[k] for k in names if k not in _HEURISTIC]
    heuristics = [RECOGNIZERS[k] for k in _HEURISTIC if k in names]
    scan = _simplified(text)
    chosen: list[PiiSpan] = []
    for recognizer in [*rules, *extra, *heuristics]:
        found = recognizer(text if recognizer in extra else scan)
        for span in sorted(found, key=lambda s: (s.start, s.start - s.end)):
            if all(span.end <= c.start or span.start >= c.end for c in chosen):
                chosen.append(span)
    if scan is not text:
        chosen = [PiiSpan(s.type, s.start, s.end, text[s.start : s.end]) for s in chosen]
    return sorted(chosen, key=lambda s: s.start)


TRADITIONAL_SHARE = 0.02
"""Share of characters that OpenCC's character table simplifies from which a text is
read in its simplified form (:func:`_simplified`); simplified text has a few such
characters (乾, 於, 著 …), traditional text one in five or more."""


def _simplified(text: str) -> str:
    """``text`` itself, or for traditional text its character-for-character simplified
    form (same length, same offsets): the tagger, the word lists and the rules were
    made for simplified text, and read traditional text badly (幾何光學 → a name
    ``何光學`` in DRCD). Spans found in that form carry the original characters."""
    folded = text.translate(t2s_characters())
    if folded == text:
        return text
    changed = sum(a != b for a, b in zip(text, folded, strict=True))
    return folded if changed >= TRADITIONAL_SHARE * len(text) else text
