"""Train the shipped byte-level BPE tokenizer (or your own) with the ``tokenizers`` library.

The shipped ``zh_bpe_32k.json`` was trained by :func:`main` on four permissively
licensed Chinese samples in ``../shared/data`` (see ``docs/guides/token-counts.md``):
``web_cluecorpussmall_sample`` (Apache-2.0), ``wiki_zhwiki_sample`` (Apache-2.0,
Wikipedia CC BY-SA), ``wiki_drcd_traditional`` (CC BY-SA 3.0, traditional script) and
``classical_zuozhuan_opencc`` (Apache-2.0). Only the vocabulary and merges are shipped,
no text. The model is GPT-2's byte-level BPE (Radford et al. 2019): every byte is in
the alphabet, so no text is ever out of vocabulary.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from jingshu.errors import InputError

__all__ = ["SHIPPED_SOURCES", "iter_training_text", "train_byte_level_bpe"]

SHIPPED_SOURCES = (
    "web_cluecorpussmall_sample/CLUECorpusSmall_sampled.txt",
    "wiki_zhwiki_sample/zhwiki_sampled.txt",
    "wiki_drcd_traditional/DRCD_dev.json",
    "classical_zuozhuan_opencc/zuozhuan.txt",
)


def iter_training_text(path: Path) -> Iterator[str]:
    """Lines of a ``.txt`` file, or the paragraph contexts of a SQuAD-style ``.json``.

    Args:
        path: the file.

    Raises:
        InputError: the file does not exist.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such training file", hint="pass existing .txt/.json files")
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                yield str(paragraph["context"])
        return
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                yield line.rstrip("\n")


def train_byte_level_bpe(texts: Iterable[str], out: Path, *, vocab_size: int = 32_000,
                         min_frequency: int = 2) -> None:
    """Train a byte-level BPE tokenizer on ``texts`` and save it as ``tokenizer.json``.

    Args:
        texts: training text, streamed.
        out: the ``tokenizer.json`` to write.
        vocab_size: size of the vocabulary, the 256 byte symbols included.
        min_frequency: merges of pairs seen fewer times are not learned.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, min_frequency=min_frequency, show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=["<|endoftext|>"],
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    out.parent.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(out), pretty=False)


def main(argv: list[str]) -> None:
    """``python -m jingshu.tokens.train SHARED_DATA OUT [VOCAB]``: retrain the shipped model."""
    data, out = Path(argv[0]), Path(argv[1])
    vocab = int(argv[2]) if len(argv) > 2 else 32_000

    def texts() -> Iterator[str]:
        for rel in SHIPPED_SOURCES:
            yield from iter_training_text(data / rel)

    train_byte_level_bpe(texts(), out, vocab_size=vocab)


if __name__ == "__main__":
    main(sys.argv[1:])
