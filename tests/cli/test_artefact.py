"""``jingshu artefact add|list``, and ``jingshu corpus run`` with an artefact reference."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.artefacts.helpers import quality_model_file
from tests.cli.conftest import Invoke, as_json
from tests.cli.test_corpus import ROWS


def test_add_list_and_run_a_recipe_referencing_the_artefact(
        invoke: Invoke, jsonl: Callable[..., Path], tmp_path: Path) -> None:
    model = quality_model_file(tmp_path)
    added = as_json(invoke("artefact", "add", str(model), "--kind", "quality_model", "--json"))
    assert added["reference"] == "artefact:1" and added["name"] == "quality.npz"
    listed = as_json(invoke("artefact", "list", "--json"))
    assert [a["reference"] for a in listed] == ["artefact:1"]
    assert "artefact:1" in invoke("artefact", "list", "--kind", "quality_model").stdout
    recipe = tmp_path / "r.yaml"
    recipe.write_text("name: scored\nsteps:\n  - op: quality_score\n"
                      "    params: {model: 'artefact:1', threshold: 0.0}\n", encoding="utf-8")
    out = tmp_path / "out"
    invoke("corpus", "run", str(recipe), "--input", str(jsonl(ROWS)), "--output", str(out))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["docs_in"], report["docs_out"]) == (3, 3)
    shown = as_json(invoke("corpus", "show", str(recipe), "--json"))
    assert shown["steps"][0]["params"]["model"] == f"artefact:{added['sha256']}"


def test_a_file_of_the_wrong_kind_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    bogus = tmp_path / "model.npz"
    bogus.write_bytes(b"nope")
    result = invoke("artefact", "add", str(bogus), "--kind", "quality_model", code=2)
    assert "model.npz: not a usable quality_model" in result.stderr
    assert as_json(invoke("artefact", "list", "--json")) == []
