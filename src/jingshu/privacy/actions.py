"""What to do with each recognized span: mask, placeholder, keyed pseudonym, generalize.

A :class:`RedactionPolicy` maps entity types to :class:`Action` s. Pseudonyms are
HMAC-SHA256 (RFC 2104) of the type and the normalized value under a secret key, so
the same person or number gets the same token everywhere a dataset is redacted with
the same key, and nobody without the key can link a token back. Generalizing keeps
the coarse part that is rarely identifying: the province and city of an address,
the region and birth year of a resident ID, the domain of an e-mail, the /16 of an
IPv4 address, the province of a plate, the surname of a name.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jingshu.errors import ConfigError, InputError
from jingshu.privacy.places import match_places, province_of_code
from jingshu.privacy.spans import PiiSpan

__all__ = [
    "NAME_TYPES",
    "PUBLIC_TYPES",
    "TYPE_LABELS",
    "Action",
    "RedactionPolicy",
    "generalize",
    "mask",
    "redact",
]

TYPE_LABELS: dict[str, str] = {
    "resident_id": "身份证号", "mobile": "手机号", "landline": "固定电话",
    "bank_card": "银行卡号", "uscc": "统一社会信用代码", "email": "邮箱",
    "passport": "护照号", "license_plate": "车牌号", "ip_address": "IP地址",
    "qq": "QQ号", "wechat": "微信号", "person_name": "姓名", "address": "地址",
    "organization": "机构", "place": "地名", "public_official": "公职人员",
    "public_figure": "公众人物",
}  # fmt: skip
"""Chinese label of each entity type, used by placeholders and pseudonyms."""

PUBLIC_TYPES: frozenset[str] = frozenset(
    {"organization", "place", "public_official", "public_figure"})
"""Recognised types that are not personal information (PIPL art. 4 covers natural
persons), or, for ``public_official`` (a name with a title of public office), the
name of an office holder acting in that office, and for ``public_figure`` a
well-known person's name (historical, public or fictional; PIPL art. 13 and 27 allow
information already lawfully made public): a policy keeps them unless it names them
(``organization=placeholder``, ``public_figure=placeholder``); ``*=ACTION`` does not
reach them."""
NAME_TYPES: frozenset[str] = frozenset({"person_name", "public_official", "public_figure"})
"""The types :func:`jingshu.privacy.pii.find_pii` gives a person's name."""


class Action(enum.StrEnum):
    """One way of replacing a span."""

    MASK = "mask"
    PLACEHOLDER = "placeholder"
    PSEUDONYM = "pseudonym"
    GENERALIZE = "generalize"
    KEEP = "keep"


def mask(span: PiiSpan, char: str = "*") -> str:
    """Mask a value, keeping what a reader needs to tell values apart by eye.

    Names keep the surname (张**); e-mails the first character and the domain;
    numbers of 11 or more characters (8+ digits) their first 3 and last 4 (138****5678);
    anything else is masked whole. Separators (space, ``-``) are kept.

    Args:
        span: The span to mask.
        char: The masking character.
    """
    v = span.value
    if span.type == "person_name":
        return v[:1] + char * (len(v) - 1)
    if span.type == "email" and "@" in v:
        local, _, domain = v.partition("@")
        return local[:1] + char * max(len(local) - 1, 1) + "@" + domain
    numeric = sum(c.isdigit() for c in v) >= 8
    keep_head, keep_tail = (3, 4) if numeric and len(v) >= 11 else (0, 0)
    return "".join(
        c if (i < keep_head or i >= len(v) - keep_tail or c in " -") else char
        for i, c in enumerate(v)
    )


def _generalize_address(value: str) -> str:
    kept = ""
    pos = 0
    for start, end, place in match_places(value):
        if start != pos or place.level == "district":
            break
        kept += value[start:end]
        pos = end
    return kept


def generalize(span: PiiSpan) -> str | None:
    """The coarse, rarely identifying part of a value, or None when there is none.

    Args:
        span: The span to generalize.
    """
    v, kind = span.value, span.type
    if kind == "resident_id":
        province = province_of_code(v) or "未知地区"
        return f"{province}{v[6:10]}年生"
    if kind in {"address", "place"}:
        return _generalize_address(v) or None
    if kind == "email":
        return "*@" + v.partition("@")[2] if "@" in v else None
    if kind == "ip_address" and v.count(".") == 3:
        a, b, _, _ = v.split(".")
        return f"{a}.{b}.*.*"
    if kind == "license_plate":
        return v[:2] + "*****"
    if kind in NAME_TYPES:
        return v[:1] + "某"
    if kind in {"mobile", "landline"}:
        digits = re.sub(r"\D", "", v)
        return digits[:3] + "****" if kind == "mobile" else v[: v.find("-") + 1] + "****"
    return None


def _normalize(span: PiiSpan) -> str:
    value = span.value.strip()
    if span.type in {"resident_id", "mobile", "landline", "bank_card", "uscc", "passport",
                     "license_plate", "qq"}:
        value = re.sub(r"[\s\-·•()（）+]", "", value).upper()
        if span.type == "mobile" and len(value) > 11:
            value = value[-11:]
    return value.lower() if span.type in {"email", "wechat", "ip_address"} else value


@dataclass(frozen=True)
class RedactionPolicy:
    """Which action applies to which entity type.

    Args:
        actions: Entity type → action; types not listed get ``default``, except
            :data:`PUBLIC_TYPES` (organisations, places, public office holders), which
            are kept unless listed.
        default: Action for unlisted personal types.
        key: Secret for pseudonyms (required when any action is ``pseudonym``).
        placeholder: Placeholder format; ``{label}`` is the Chinese type name, ``{type}``
            the type.
        mask_char: Character used by ``mask``.
    """

    actions: Mapping[str, Action] = field(default_factory=dict)
    default: Action = Action.PLACEHOLDER
    key: bytes | None = None
    placeholder: str = "[{label}]"
    mask_char: str = "*"

    def __post_init__(self) -> None:
        uses_key = self.default is Action.PSEUDONYM or Action.PSEUDONYM in self.actions.values()
        if uses_key and not self.key:
            raise ConfigError("redaction policy: pseudonym needs a secret key",
                              hint="pass key=..., --key, or set JINGSHU_SECRET_KEY")

    @classmethod
    def parse(cls, spec: Mapping[str, str] | Sequence[str], *, key: bytes | None = None,
              placeholder: str = "[{label}]") -> RedactionPolicy:
        """Build a policy from ``{"person_name": "pseudonym", "*": "mask"}`` or
        ``["person_name=pseudonym", "*=mask"]`` (``*`` sets the default).

        Args:
            spec: Type → action name, as a mapping or ``TYPE=ACTION`` strings.
            key: Secret for pseudonyms.
            placeholder: Placeholder format.

        Raises:
            ConfigError: An entry is malformed or names an unknown action.
        """
        pairs: list[tuple[str, str]] = []
        if isinstance(spec, Mapping):
            pairs = [(str(k), str(v)) for k, v in spec.items()]
        else:
            for entry in spec:
                kind, sep, action = entry.partition("=")
                if not sep:
                    raise ConfigError(f"redaction policy entry {entry!r} is not TYPE=ACTION",
                                      hint="for example person_name=pseudonym")
                pairs.append((kind.strip(), action.strip()))
        valid = ", ".join(a.value for a in Action)
        actions: dict[str, Action] = {}
        default = Action.PLACEHOLDER
        for kind, name in pairs:
            if name not in {a.value for a in Action}:
                raise ConfigError(f"redaction policy: unknown action {name!r} for {kind!r}",
                                  hint=f"use one of {valid}")
            if kind == "*":
                default = Action(name)
            else:
                actions[kind] = Action(name)
        return cls(actions, default, key, placeholder)

    @classmethod
    def from_file(cls, path: str | Path, *, key: bytes | None = None) -> RedactionPolicy:
        """Read a policy from a JSON or YAML mapping of type → action (``*``: default).

        Args:
            path: The policy file.
            key: Secret for pseudonyms.

        Raises:
            InputError: The file is missing or not a mapping.
        """
        file = Path(path)
        if not file.is_file():
            raise InputError(f"policy file {file} does not exist", hint="check the path")
        text = file.read_text("utf-8")
        if file.suffix in {".yaml", ".yml"}:
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
        if not isinstance(data, dict):
            raise InputError(f"policy file {file} must hold a mapping of type to action",
                             hint='for example {"person_name": "pseudonym", "*": "placeholder"}')
        return cls.parse({str(k): str(v) for k, v in data.items()}, key=key)

    def action_for(self, kind: str) -> Action:
        """The action for entity type ``kind``: its own entry, else keep for
        :data:`PUBLIC_TYPES`, else the default."""
        if kind in self.actions:
            return self.actions[kind]
        return Action.KEEP if kind in PUBLIC_TYPES else self.default

    def pseudonym(self, span: PiiSpan) -> str:
        """The keyed pseudonym of ``span``: ``<label>_<10 hex digits of HMAC-SHA256>``."""
        assert self.key is not None
        message = f"{span.type}\x1f{_normalize(span)}".encode()
        digest = hmac.new(self.key, message, hashlib.sha256).hexdigest()[:10]
        return f"{TYPE_LABELS.get(span.type, span.type)}_{digest}"

    def replacement(self, span: PiiSpan) -> str:
        """The text that replaces ``span`` under this policy."""
        action = self.action_for(span.type)
        if action is Action.KEEP:
            return span.value
        if action is Action.MASK:
            return mask(span, self.mask_char)
        if action is Action.PSEUDONYM:
            return self.pseudonym(span)
        if action is Action.GENERALIZE:
            coarse = generalize(span)
            if coarse is not None:
                return coarse
        label = TYPE_LABELS.get(span.type, span.type)
        return self.placeholder.format(label=label, type=span.type)


def redact(text: str, spans: Sequence[PiiSpan], policy: RedactionPolicy) -> str:
    """``text`` with each of the non-overlapping ``spans`` replaced per ``policy``.

    Args:
        text: The original text.
        spans: Spans sorted by position that do not overlap (as :func:`find_pii` gives).
        policy: The redaction policy.
    """
    parts: list[str] = []
    last = 0
    for span in spans:
        parts += [text[last : span.start], policy.replacement(span)]
        last = span.end
    return "".join([*parts, text[last:]])
