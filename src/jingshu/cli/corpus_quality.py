"""``jingshu corpus train-quality`` and ``score-quality``: the quality classifier's commands."""

from __future__ import annotations

import sys

import click
import numpy as np

from jingshu.cli.context import AppContext, pass_app
from jingshu.cli.output import echo_json, echo_table, json_option
from jingshu.cli.refs import DATASET_REF, InputPath, legacy_dataset
from jingshu.corpus.quality import (
    FeatureConfig,
    QualityModel,
    TrainConfig,
    read_texts,
    summarize_scores,
    train_quality_model,
)
from jingshu.corpus.quality.sources import DATASET_PREFIX

__all__ = ["score_quality", "train_quality"]

_FILES = "(.txt one per line, .jsonl, .jsonl.gz, .csv, .parquet); repeat for several."


def _sources(option: str, files: tuple[str, ...], datasets: tuple[str, ...]) -> tuple[str, ...]:
    """Files and ``dataset:REF`` sources (as :func:`read_texts` takes them), or an error
    naming both options when neither is given."""
    refs = [*datasets]
    for f in files:
        legacy = legacy_dataset(f, option, f"{option}-dataset")
        if legacy is not None:
            refs.append(legacy)
    if not files and not refs:
        raise click.UsageError(f"give {option} FILE or {option}-dataset NAME[@VERSION]")
    plain = tuple(f for f in files if not f.startswith(DATASET_PREFIX))
    return plain + tuple(f"{DATASET_PREFIX}{r}" for r in refs)


def _texts(app: AppContext, sources: tuple[str, ...], field: str) -> list[str]:
    needs_db = any(s.startswith(DATASET_PREFIX) for s in sources)
    platform = app.platform if needs_db else None
    return [t for s in sources for t in read_texts(s, text_field=field, platform=platform)]


@click.command("train-quality")
@click.option("--good", multiple=True, type=InputPath(dir_okay=False), metavar="FILE",
              help="Documents to keep " + _FILES)
@click.option("--good-dataset", multiple=True, type=DATASET_REF,
              help="Documents to keep from a catalog dataset version; repeat for several.")
@click.option("--bad", multiple=True, type=InputPath(dir_okay=False), metavar="FILE",
              help="Documents to drop, same kinds as --good; repeat for several.")
@click.option("--bad-dataset", multiple=True, type=DATASET_REF,
              help="Documents to drop from a catalog dataset version; repeat for several.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Model file to write (.npz).")
@click.option("--text-field", default="text", show_default=True,
              help="Field or column holding the text.")
@click.option("--test-fraction", default=0.1, show_default=True, type=click.FloatRange(0, 0.5),
              help="Share of each class held out for the evaluation (as much again "
              "picks the threshold).")
@click.option("--seed", default=0, show_default=True, help="Seed of the split and shuffling.")
@click.option("--epochs", default=5, show_default=True, type=click.IntRange(min=1),
              help="Passes over the training split.")
@click.option("--buckets-log2", default=20, show_default=True, type=click.IntRange(10, 24),
              help="2**N hash buckets (weights).")
@click.option("--max-n", default=3, show_default=True, type=click.IntRange(1, 8),
              help="Longest character n-gram.")
@click.option("--words", is_flag=True, help="Also hash jieba words (slower).")
@json_option
@pass_app
def train_quality(app: AppContext, good: tuple[str, ...], good_dataset: tuple[str, ...],
                  bad: tuple[str, ...], bad_dataset: tuple[str, ...], out: str, text_field: str,
                  test_fraction: float, seed: int, epochs: int, buckets_log2: int, max_n: int,
                  words: bool, as_json: bool) -> None:
    """Train a quality classifier on good against bad documents and save it to OUT.

    Each set is files (--good, --bad) and/or catalog dataset versions (--good-dataset,
    --bad-dataset NAME[@VERSION]).

    Prints precision, recall, F1 and ROC-AUC of the held-out test split at the
    threshold chosen on the validation split; the model file keeps them too.
    """
    good = _sources("--good", good, good_dataset)
    bad = _sources("--bad", bad, bad_dataset)
    good_texts = _texts(app, good, text_field)
    bad_texts = _texts(app, bad, text_field)
    features = FeatureConfig(max_n=max_n, buckets_log2=buckets_log2, words=words)
    config = TrainConfig(test_fraction=test_fraction, validation_fraction=test_fraction,
                         seed=seed, epochs=epochs)
    model = train_quality_model(good_texts, bad_texts, features=features, config=config,
                                good_sources=good, bad_sources=bad,
                                progress=not as_json and sys.stderr.isatty())
    model.save(out)
    if as_json:
        echo_json({"model": out, **model.metadata()})
        return
    info = model.info
    click.echo(f"trained on {info.counts['good']} good and {info.counts['bad']} bad documents "
               f"({info.counts['train']} train, {info.counts['validation']} validation, "
               f"{info.counts['test']} test); threshold {info.threshold:.4f}")
    rows = [(name, ev.n_good, ev.n_bad, f"{ev.precision:.3f}", f"{ev.recall:.3f}",
             f"{ev.f1:.3f}", f"{ev.accuracy:.3f}", f"{ev.roc_auc:.3f}")
            for name, ev in (("validation", info.validation), ("test", info.test))]
    echo_table(("split", "good", "bad", "precision", "recall", "F1", "accuracy", "ROC-AUC"),
               rows)
    click.echo(f"model: {out}")


@click.command("score-quality")
@click.argument("model_path", metavar="MODEL", type=click.Path(exists=True, dir_okay=False))
@click.option("--input", "sources", multiple=True, type=InputPath(dir_okay=False),
              metavar="FILE", help="Documents to score " + _FILES)
@click.option("--input-dataset", multiple=True, type=DATASET_REF,
              help="Documents to score from a catalog dataset version; repeat for several.")
@click.option("--text-field", default="text", show_default=True,
              help="Field or column holding the text.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Cut to count kept documents at [default: the model's].")
@json_option
@pass_app
def score_quality(app: AppContext, model_path: str, sources: tuple[str, ...],
                  input_dataset: tuple[str, ...], text_field: str, threshold: float | None,
                  as_json: bool) -> None:
    """Score documents with MODEL and print the distribution of scores."""
    model = QualityModel.load(model_path)
    texts = _texts(app, _sources("--input", sources, input_dataset), text_field)
    scores = model.score(texts) if texts else np.zeros(0)
    summary = summarize_scores(scores, model.threshold if threshold is None else threshold)
    if as_json:
        echo_json({"model": model_path, **summary.to_dict()})
        return
    share = f" ({summary.kept / summary.documents:.1%})" if summary.documents else ""
    click.echo(f"{summary.documents} documents, mean score {summary.mean:.3f}; "
               f"{summary.kept}{share} at or above {summary.threshold:.4f}")
    echo_table(("quantile", "score"), [(k, f"{v:.4f}") for k, v in summary.quantiles.items()])
    echo_table(("score range", "documents"),
               [(f"{i / 10:.1f}-{(i + 1) / 10:.1f}", n) for i, n in enumerate(summary.histogram)])
