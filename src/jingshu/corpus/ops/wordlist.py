"""Word lists shipped with jingshu (``jingshu/corpus/wordlists/*.txt``), and matching them.

The lists are the team's own (see the README beside them). :func:`load_wordlist`
reads one; :class:`WordMatcher` finds every occurrence of any word of a set in a text
and reports the characters covered, which is how Chinese, written without spaces,
is measured here instead of a share of tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from jingshu.errors import ConfigError

__all__ = ["WORDLISTS", "WordMatcher", "load_wordlist"]

WORDLISTS = ("ads", "gambling", "porn", "stopwords_zh")


@lru_cache(maxsize=16)
def load_wordlist(name: str) -> tuple[str, ...]:
    """The entries of one shipped list, in file order.

    Args:
        name: One of :data:`WORDLISTS`.

    Raises:
        ConfigError: No list of that name.
    """
    if name not in WORDLISTS:
        raise ConfigError(f"no word list {name!r}", hint="valid lists: " + ", ".join(WORDLISTS))
    path = resources.files("jingshu.corpus") / "wordlists" / f"{name}.txt"
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return tuple(line for line in lines if line)


class WordMatcher:
    """Find occurrences of a set of words, longest first, case-insensitively.

    Args:
        words: The words to find.
    """

    def __init__(self, words: tuple[str, ...]) -> None:
        ordered = sorted(set(words), key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered)), re.I) if ordered else None

    def covered(self, text: str) -> int:
        """Characters of ``text`` inside non-overlapping matches."""
        if self._pattern is None:
            return 0
        return sum(m.end() - m.start() for m in self._pattern.finditer(text))

    def distinct(self, text: str) -> set[str]:
        """The distinct words found (lower-cased)."""
        if self._pattern is None:
            return set()
        return {m.group(0).lower() for m in self._pattern.finditer(text)}
