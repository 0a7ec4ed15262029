"""A trainable character CRF for names, addresses and any span type users label.

Linear-chain CRF (Lafferty et al. 2001) through python-crfsuite, trained with L-BFGS
and elastic-net regularisation on BIO tags. The features of each character (its
neighbours, n-grams, jieba word position and part of speech, surname, place-name and
suffix dictionaries) are in :mod:`jingshu.privacy.crf_features`. Users train on their own spans
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
from jingshu.privacy.crf_features import char_features
from jingshu.privacy.ner_data import LabelledText, spans_from_tags, tags_from_spans
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

_SPLIT_RE = re.compile(r"(?<=[。！？!?\n])")


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
