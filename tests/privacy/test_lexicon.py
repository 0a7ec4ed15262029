"""The compact jieba dictionary answers exactly as jieba's own tables, in a few MB."""

from __future__ import annotations

import logging
from pathlib import Path

from jingshu.privacy.lexicon import Lexicon, jieba_lexicon


def test_same_frequencies_and_tags_as_jieba() -> None:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    jieba.posseg.dt.initialize()
    freq, tags = jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab
    lexicon = jieba_lexicon()
    words = list(freq)[::7]  # words and prefixes (frequency 0 in jieba)
    assert [lexicon.freq(w) for w in words] == [freq[w] for w in words]
    assert [lexicon.tag(w) for w in words] == [tags.get(w) for w in words]
    assert len(lexicon) == len(tags)
    for word in ("马上", "金童玉女", "王伟", "", "不是词语的一串字"):
        assert lexicon.freq(word) == freq.get(word, 0)
        assert lexicon.tag(word) == tags.get(word)
        assert lexicon.entry(word) == (freq.get(word, 0), tags.get(word))
    assert lexicon.nbytes < 16 * 2**20


def test_last_line_of_a_repeated_word_wins(tmp_path: Path) -> None:
    path = tmp_path / "dict.txt"
    path.write_text("乙 5 n\n甲 3 n\n甲乙 7 i\n甲 9 v\n", encoding="utf-8")
    lexicon = Lexicon(path)
    assert (lexicon.freq("甲"), lexicon.tag("甲")) == (9, "v")
    assert (lexicon.freq("甲乙"), lexicon.tag("甲乙")) == (7, "i")
    assert (lexicon.freq("丙"), lexicon.tag("丙")) == (0, None)
    assert len(lexicon) == 3
