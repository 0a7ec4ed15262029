"""jieba's dictionary (word, frequency, part-of-speech tag) in a few MB of numpy arrays.

The name rules of :mod:`jingshu.privacy.recognizers.entities` only ask of a word its
frequency and its tag. jieba's own tables answer that too (``jieba.dt.FREQ`` and
``jieba.posseg.dt.word_tag_tab``), but as two Python dicts of 349,046 words plus
every word's prefixes they hold about 250 MB of resident memory, half a profile's
budget (docs/guides/quality-profiles.md, *Memory*). Here the same ``dict.txt`` is read
into one sorted fixed-width Unicode array per word length, with the frequencies and
tag codes beside it (about 6 MB), and a word is found by binary search. The answers are
exact: the same words, frequencies and tags as jieba's tables (where a word appears
twice in the file, its last line wins, as in jieba); prefixes that are not words have
frequency 0 in jieba as here.

Library layer: numpy only; jieba is not imported.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from jingshu.errors import ConfigError

__all__ = ["Lexicon", "jieba_dictionary", "jieba_lexicon"]


def jieba_dictionary() -> Path:
    """The ``dict.txt`` that jieba's default tokenizer loads (found without importing jieba).

    Raises:
        ConfigError: jieba is not installed.
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the name rules need jieba's dictionary", hint="pip install jieba")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


class Lexicon:
    """Words with a frequency and a tag, looked up by binary search.

    Args:
        path: a jieba-format dictionary: one ``word frequency tag`` line per word,
            separated by single spaces.
    """

    def __init__(self, path: str | Path) -> None:
        # Plain Python lists, freed once the arrays are built: a pyarrow CSV read is
        # faster but its memory pool keeps about 100 MB of freed pages resident.
        by_size: dict[int, tuple[list[str], list[int], list[str]]] = {}
        with Path(path).open(encoding="utf-8") as lines:
            for line in lines:
                word, freq, tag = line.rstrip("\n").split(" ")
                group = by_size.setdefault(len(word), ([], [], []))
                group[0].append(word)
                group[1].append(int(freq))
                group[2].append(tag)
        names = sorted({t for _w, _f, tags in by_size.values() for t in tags})
        self._tag_names: tuple[str, ...] = tuple(names)
        codes = {t: i for i, t in enumerate(names)}
        self._words: dict[int, npt.NDArray[np.str_]] = {}
        self._freqs: dict[int, npt.NDArray[np.int64]] = {}
        self._tags: dict[int, npt.NDArray[np.int16]] = {}
        for size in sorted(by_size):
            word_list, freq_list, tag_list = by_size.pop(size)
            words = np.array(word_list, dtype=f"<U{max(size, 1)}")
            sort = np.argsort(words, kind="stable")
            words = words[sort]
            last = np.append(words[1:] != words[:-1], True)  # the last line of a word wins
            self._words[size] = words[last]
            self._freqs[size] = np.array(freq_list, dtype=np.int64)[sort][last]
            self._tags[size] = np.array([codes[t] for t in tag_list], dtype=np.int16)[sort][last]

    def __len__(self) -> int:
        return sum(len(w) for w in self._words.values())

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return sum(a.nbytes for d in (self._words, self._freqs, self._tags) for a in d.values())

    def _find(self, word: str) -> tuple[int, int] | None:
        words = self._words.get(len(word))
        if words is None:
            return None
        i = int(np.searchsorted(words, word))
        return (len(word), i) if i < len(words) and words[i] == word else None

    def entry(self, word: str) -> tuple[int, str | None]:
        """The word's frequency and tag in one lookup: ``(0, None)`` when it is not a
        word of the dictionary."""
        at = self._find(word)
        if at is None:
            return 0, None
        return int(self._freqs[at[0]][at[1]]), self._tag_names[int(self._tags[at[0]][at[1]])]

    def freq(self, word: str) -> int:
        """The word's frequency; 0 when it is not a word of the dictionary."""
        return self.entry(word)[0]

    def tag(self, word: str) -> str | None:
        """The word's part-of-speech tag (jieba's: ``nr`` a person's name, ``i`` an idiom…);
        None when it is not a word of the dictionary."""
        return self.entry(word)[1]


@lru_cache(maxsize=1)
def jieba_lexicon() -> Lexicon:
    """jieba's default dictionary as a :class:`Lexicon` (read once)."""
    return Lexicon(jieba_dictionary())
