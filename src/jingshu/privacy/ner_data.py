"""Labelled spans for training and scoring name/address models, read from files.

Formats read:

- JSON lines with ``{"text": ..., "spans": [{"start", "end", "label"}]}`` (end
  exclusive; jingshu's annotation exports; ``entities`` is accepted for ``spans``);
- JSON lines in the CLUENER2020 layout, ``{"text", "label": {type: {mention:
  [[start, end]]}}}`` with inclusive ends;
- character-per-line tag files (``char TAG`` or ``char<TAB>TAG``, blank line between
  sentences) in BIO, BIOES or BMES schemes (``B-PER``, ``M-NAME``, ``S-LOC`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jingshu.errors import InputError
from jingshu.store.json_lines import json_objects

__all__ = ["LabelledText", "read_labelled", "spans_from_tags", "tags_from_spans"]


@dataclass(frozen=True)
class LabelledText:
    """A text and its gold entity spans.

    Args:
        text: The text.
        spans: ``(start, end, label)`` with ``end`` exclusive.
    """

    text: str
    spans: tuple[tuple[int, int, str], ...]


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans from per-character tags (BIO, BIOES or BMES; ``O`` outside).

    Args:
        tags: One tag per character, e.g. ``["B-PER", "I-PER", "O"]``.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continuing = prefix in {"I", "M", "E"} and kind == label and start >= 0
        if not continuing and start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if prefix in {"B", "S"} or (prefix in {"I", "M", "E"} and not continuing):
            start, label = i, kind
        if prefix in {"E", "S"} and start >= 0:
            spans.append((start, i + 1, label))
            start, label = -1, ""
    return spans


def tags_from_spans(length: int, spans: tuple[tuple[int, int, str], ...]) -> list[str]:
    """BIO tags for a text of ``length`` characters; later overlapping spans are dropped.

    Args:
        length: Number of characters.
        spans: ``(start, end, label)`` spans.
    """
    tags = ["O"] * length
    for start, end, label in sorted(spans):
        if start < 0 or end > length or any(t != "O" for t in tags[start:end]):
            continue
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


def _from_json(record: dict[str, object], where: str) -> LabelledText:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: no string field 'text'", hint="each line needs text and spans")
    spans: list[tuple[int, int, str]] = []
    items = record.get("spans", record.get("entities"))
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict) or not {"start", "end", "label"} <= item.keys():
                raise InputError(f"{where}: a span needs start, end and label",
                                 hint='write {"start": 0, "end": 3, "label": "name"}')
            spans.append((int(item["start"]), int(item["end"]), str(item["label"])))
    elif isinstance(record.get("label"), dict):
        cluener = record["label"]
        assert isinstance(cluener, dict)
        for label, mentions in cluener.items():
            for offsets in mentions.values():
                spans += [(int(s), int(e) + 1, str(label)) for s, e in offsets]
    return LabelledText(text, tuple(sorted(spans)))


def _read_jsonl(path: Path) -> list[LabelledText]:
    lines = path.read_text("utf-8").splitlines()
    return [_from_json(record, f"{path}:{n}")
            for n, record in json_objects(lines, lambda n: f"{path}:{n}")]


def _read_tagged(path: Path) -> list[LabelledText]:
    out: list[LabelledText] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            out.append(LabelledText("".join(chars), tuple(spans_from_tags(tags))))
        chars.clear()
        tags.clear()

    for n, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            flush()
            continue
        parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
        if len(parts) != 2 or not parts[0] or not parts[1].strip():
            raise InputError(f"{path}:{n}: expected 'CHAR TAG'", hint="BIO/BMES, one char a line")
        chars.append(parts[0][0])
        tags.append(parts[1].strip())
    flush()
    return out


def read_labelled(path: str | Path) -> list[LabelledText]:
    """Read labelled texts from a JSON-lines or character-tag file.

    Args:
        path: ``.json``/``.jsonl`` for span records, anything else for tag files.

    Raises:
        InputError: The file is missing or a line cannot be read.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"labelled file {file} does not exist", hint="check the path")
    if file.suffix in {".json", ".jsonl"}:
        return _read_jsonl(file)
    return _read_tagged(file)
