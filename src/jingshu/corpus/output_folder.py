"""The output folder of a file run: whose it is, and what an empty result means.

A run writes ``.run.json`` into its output folder before any shard: its *fingerprint*,
the recipe's hash, the output format, jingshu's version and every input shard with
its size and modification time. A later run into the same folder resumes (skipping
shards with a completion marker) only when its fingerprint is the same; any other
non-empty folder is refused, naming what differs, unless ``overwrite`` is given, which
empties the folder first. Stale markers of another run can therefore never be merged
into a report (they once gave "10 documents in, -19637 out") and old shards are never
left beside new ones.

A run that keeps no document publishes nothing unless ``allow_empty`` is given: its
shards and markers are removed, the reports stay for diagnosis and the error names the
step that dropped the last documents with its parameters (:func:`emptied_by`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from jingshu import __version__
from jingshu.corpus.recipe import Recipe
from jingshu.corpus.report import RunReport
from jingshu.errors import ConflictError, InputError

__all__ = ["FINGERPRINT", "EmptyResult", "claim_output", "emptied_by", "run_fingerprint"]

FINGERPRINT = ".run.json"


class EmptyResult(InputError):
    """A run kept no document and ``allow_empty`` was not given."""


def run_fingerprint(recipe: Recipe, shards: list[tuple[Path, str]], fmt: str,
                    write_rejects: bool) -> dict[str, Any]:
    """What makes two runs the same run: recipe, inputs, format and jingshu's version."""
    recipe_text = json.dumps(recipe.to_dict(), sort_keys=True, ensure_ascii=False)
    inputs = []
    for path, name in shards:
        stat = path.stat()
        inputs.append({"name": name, "path": str(path.resolve()), "size": stat.st_size,
                       "mtime_ns": stat.st_mtime_ns})
    return {"recipe": recipe.name,
            "recipe_sha256": hashlib.sha256(recipe_text.encode("utf-8")).hexdigest(),
            "format": fmt, "rejects": write_rejects, "jingshu": __version__,
            "inputs": inputs}


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    labels = {"recipe_sha256": "recipe", "format": "output format", "rejects": "--rejects",
              "jingshu": "jingshu version", "inputs": "input files (names, sizes or times)"}
    return [label for key, label in labels.items() if old.get(key) != new.get(key)]


def _check_overwrite(out: Path, source: Path) -> None:
    target, src = out.resolve(), source.resolve()
    if target == src or target in src.parents or target == Path(target.anchor):
        raise InputError(f"--overwrite would delete {out}, which holds the input {source}",
                         hint="write the output to a folder of its own")


def claim_output(out: Path, source: Path, fingerprint: dict[str, Any], *,
                 overwrite: bool = False) -> bool:
    """Make ``out`` this run's folder; True when an earlier identical run is resumed.

    Raises:
        ConflictError: ``out`` is not empty and holds another run or other files.
        InputError: ``overwrite`` would delete the input itself.
    """
    if out.exists() and not out.is_dir():
        raise ConflictError(f"output {out} is a file", hint="give a folder")
    if overwrite and out.exists():
        _check_overwrite(out, source)
        shutil.rmtree(out)
    resumed = False
    if out.exists() and any(out.iterdir()):
        marker = out / FINGERPRINT
        if not marker.is_file():
            raise ConflictError(
                f"output folder {out} is not empty and was not written by `jingshu corpus run`",
                hint="choose an empty or new folder, or pass --overwrite to empty it first")
        old = json.loads(marker.read_text(encoding="utf-8"))
        differ = _differences(old, fingerprint)
        if differ:
            raise ConflictError(
                f"output folder {out} holds another run: its {', '.join(differ)} differ "
                "from this one's, so its finished shards cannot be reused",
                hint="choose another folder, or pass --overwrite to replace that run")
        resumed = True
    out.mkdir(parents=True, exist_ok=True)
    (out / FINGERPRINT).write_text(json.dumps(fingerprint, ensure_ascii=False, indent=2),
                                   encoding="utf-8")
    return resumed


def emptied_by(report: RunReport, recipe: Recipe) -> str:
    """Which step dropped the last documents, with its parameters and drop reasons."""
    if report.docs_in == 0:
        return "the input holds no readable documents" + (
            f" ({report.errors} unreadable records, see _errors/)" if report.errors else "")
    for i, op in enumerate(report.operators):
        if op.docs_in > 0 and op.docs_out == 0:
            same = i < len(recipe.steps) and recipe.steps[i].op == op.name
            given = recipe.steps[i].params if same else {}
            shown = " ".join(f"{k}={v}" for k, v in given.items())
            reasons = ", ".join(f"{r}: {n}" for r, n in sorted(op.drops.items(),
                                                                key=lambda x: -x[1]))
            docs = "document" if op.docs_in == 1 else "documents"
            return (f"step {i + 1} `{op.name}{' ' + shown if shown else ''}` dropped the "
                    f"last {op.docs_in} {docs} ({reasons or 'no reason recorded'})")
    return "no step recorded dropping them"
