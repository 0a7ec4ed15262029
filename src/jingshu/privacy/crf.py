"""A trainable character CRF for names, addresses and any span type users label.

Linear-chain CRF (Lafferty et al. 2001) through python-crfsuite, trained with L-BFGS
and elastic-net regularisation on BIO tags. Features per character: the character
and its neighbours (±2), character bigrams, its script class, and dictionary
features from the data shipped in :mod:`jingshu.privacy`: whether it starts a common
surname, where it sits in a known place name (B/I), whether it is an administrative
or street suffix, whether it follows a name cue. Users train on their own spans
(``jingshu privacy train-ner``); no model trained on third-party data ships.

A trained model is used as a recognizer, ``find_pii(text, extra=[CrfRecognizer.load(p)])``,
or registered with :func:`jingshu.privacy.pii.register_recognizer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jingshu.errors import DependencyMissing, InputError
from jingshu.privacy.ner_data import LabelledText, spans_from_tags, tags_from_spans
from jingshu.privacy.places import match_places
from jingshu.privacy.spans import PiiSpan

__all__ = ["LABEL_TYPES", "CrfRecognizer", "TrainResult", "char_features", "train_crf"]

LABEL_TYPES: dict[str, str] = {
    "name": "person_name", "per": "person_name", "person": "person_name",
    "per.nam": "person_name", "nr": "person_name",
    "person_name": "person_name",
    "address": "address", "loc": "address", "gpe": "address", "location": "address",
    "loc.nam": "address", "gpe.nam": "address", "ns": "address",
}  # fmt: skip
"""Label names of common NER sets mapped to jingshu's PII types; others stay as written."""

_SURNAME_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏"
    "苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
    "万覃武钱戴严莫孔向常汤康易乔赖文傅施洪牛葛翟柳殷闵温齐鲁欧庞樊兰殷季俞章鲍涂凌蓝翁岳焦安伍"
)
_SURNAME_2 = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "司徒", "宇文"}
_SUFFIX = set("省市区县镇乡村路街道巷弄号楼栋室州盟旗")
_CUES = ("先生", "女士", "小姐", "记者", "教授", "老师", "总统", "主席", "经理", "说", "表示")
_PUNCT = set("，。！？；：、（）()《》“”‘’\"',.!?;:·—-…")
_SPLIT_RE = re.compile(r"(?<=[。！？!?\n])")


def _kind(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if ch in _PUNCT:
        return "punct"
    return "space" if ch.isspace() else "other"


def _place_tags(text: str) -> list[str]:
    tags = ["-"] * len(text)
    for start, end, place in match_places(text):
        tags[start] = "B" + place.level[0]
        for i in range(start + 1, end):
            tags[i] = "I" + place.level[0]
    return tags


def char_features(text: str) -> list[list[str]]:
    """The CRF feature strings of each character of ``text``.

    Args:
        text: One sentence or line.
    """
    padded = "\x02\x02" + text + "\x03\x03"
    places = _place_tags(text)
    rows: list[list[str]] = []
    for i, ch in enumerate(text):
        p = i + 2
        w = padded[p - 2 : p + 3]
        row = [
            "b", "c=" + ch, "c-1=" + w[1], "c+1=" + w[3], "c-2=" + w[0], "c+2=" + w[4],
            "b-1=" + w[1:3], "b+1=" + w[2:4], "t-1c=" + w[0:3], "t+1c=" + w[2:5],
            "k=" + _kind(ch), "k-1=" + _kind(w[1]), "k+1=" + _kind(w[3]),
            "pl=" + places[i], "pl-1=" + (places[i - 1] if i else "^"),
            "pl+1=" + (places[i + 1] if i + 1 < len(text) else "$"),
        ]  # fmt: skip
        if ch in _SURNAME_1:
            row.append("sur1")
        if w[2:4] in _SURNAME_2:
            row.append("sur2")
        if ch in _SUFFIX:
            row.append("suffix")
        after = text[i + 1 : i + 5]
        row += ["cue>" + cue for cue in _CUES if cue in after[: len(cue) + 2]]
        rows.append(row)
    return rows


def _pieces(text: str, limit: int = 400) -> Iterable[tuple[int, str]]:
    offset = 0
    for part in _SPLIT_RE.split(text):
        for k in range(0, len(part), limit):
            if part[k : k + limit].strip():
                yield offset + k, part[k : k + limit]
        offset += len(part)


@dataclass(frozen=True)
class TrainResult:
    """What :func:`train_crf` did.

    Args:
        path: The model file written.
        texts: Training texts used.
        labels: Entity labels learnt.
    """

    path: Path
    texts: int
    labels: tuple[str, ...]


def _crfsuite() -> object:
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise DependencyMissing("python-crfsuite", needed_for="the CRF recognizer") from exc
    return pycrfsuite


def train_crf(
    examples: Sequence[LabelledText],
    out: str | Path,
    *,
    labels: Iterable[str] | None = None,
    c1: float = 0.05,
    c2: float = 0.01,
    max_iterations: int = 150,
) -> TrainResult:
    """Train a CRF on labelled texts and write it to ``out``.

    Args:
        examples: Texts with gold spans (see :func:`jingshu.privacy.ner_data.read_labelled`).
        out: Model file to write.
        labels: Keep only these labels (all if omitted); others become outside.
        c1: L1 regularisation weight.
        c2: L2 regularisation weight.
        max_iterations: L-BFGS iterations.

    Raises:
        InputError: No example carries a span with a kept label.
    """
    import pycrfsuite

    _crfsuite()
    keep = set(labels) if labels is not None else None
    trainer = pycrfsuite.Trainer(verbose=False)
    seen: set[str] = set()
    count = 0
    for ex in examples:
        spans = tuple(s for s in ex.spans if keep is None or s[2] in keep)
        seen.update(s[2] for s in spans)
        trainer.append(char_features(ex.text), tags_from_spans(len(ex.text), spans))
        count += 1
    if not seen:
        raise InputError("no labelled span to learn from",
                         hint="check the file's format and the --labels given")
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True})
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    return TrainResult(path, count, tuple(sorted(seen)))


class CrfRecognizer:
    """A trained CRF used as a PII recognizer: text in, :class:`PiiSpan` s out.

    Args:
        path: Model file written by :func:`train_crf`.
        types: Report only these PII types (after :data:`LABEL_TYPES`; all if omitted).
    """

    def __init__(self, path: str | Path, types: Iterable[str] | None = None) -> None:
        import pycrfsuite

        _crfsuite()
        file = Path(path)
        if not file.is_file():
            raise InputError(f"CRF model {file} does not exist",
                             hint="train one with `jingshu privacy train-ner`")
        self.path = file
        self.types = frozenset(types) if types is not None else None
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(file))

    @classmethod
    def load(cls, path: str | Path, types: Iterable[str] | None = None) -> CrfRecognizer:
        """Open a model file (see the class arguments)."""
        return cls(path, types)

    def tag(self, text: str) -> list[str]:
        """BIO tags for each character of ``text``.

        Args:
            text: One sentence (long texts: use :meth:`__call__`).
        """
        return list(self._tagger.tag(char_features(text))) if text else []

    def __call__(self, text: str) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        for offset, piece in _pieces(text):
            for start, end, label in spans_from_tags(self.tag(piece)):
                kind = LABEL_TYPES.get(label.lower(), label)
                if self.types is None or kind in self.types:
                    s, e = offset + start, offset + end
                    spans.append(PiiSpan(kind, s, e, text[s:e]))
        return spans
