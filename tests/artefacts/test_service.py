"""The artefact registry: add (checked, content-addressed, deduplicated), list, find."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from jingshu.artefacts import (
    ArtefactKind,
    Viewer,
    add_artefact,
    artefact_file,
    find,
    list_artefacts,
    local_resolver,
    server_resolver,
)
from jingshu.corpus.recipe import parse_recipe_text
from jingshu.errors import ConfigError, InputError, NotFoundError, RecipeError
from jingshu.platform import Platform
from tests.artefacts.helpers import quality_model_file
from tests.factories import make_org


def _add(platform: Platform, data: bytes, kind: ArtefactKind, org: int | None,
         name: str = "f.bin"):  # type: ignore[no-untyped-def]
    with platform.session() as s:
        return add_artefact(s, platform.settings.home, io.BytesIO(data), filename=name,
                            kind=kind, organization_id=org, actor="alice")


def test_a_model_is_stored_by_sha256_once_and_found_by_id_or_sha(platform: Platform,
                                                                tmp_path: Path) -> None:
    org = make_org(platform, "o1").id
    data = quality_model_file(tmp_path).read_bytes()
    first = _add(platform, data, ArtefactKind.QUALITY_MODEL, org, name="../../q.npz")
    again = _add(platform, data, ArtefactKind.QUALITY_MODEL, org)
    assert again.id == first.id and first.name == "q.npz" and first.size == len(data)
    stored = artefact_file(platform.settings.home, first)
    assert stored.read_bytes() == data and stored.name == first.sha256
    with platform.session() as s:
        viewer = Viewer(org)
        assert find(s, f"artefact:{first.id}", viewer).id == first.id
        assert find(s, f"artefact:{first.sha256}", viewer).id == first.id
        assert [a.id for a in list_artefacts(s, viewer)] == [first.id]


def test_a_file_that_is_not_its_kind_is_refused_naming_the_file(platform: Platform) -> None:
    with pytest.raises(InputError, match=r"notes.npz: not a usable quality_model"):
        _add(platform, b"not a model", ArtefactKind.QUALITY_MODEL, None, name="notes.npz")
    with pytest.raises(InputError, match="not a usable wordlist"):
        _add(platform, b"\xff\xfe\x00", ArtefactKind.WORDLIST, None)
    with platform.session() as s:
        assert list_artefacts(s, Viewer(None, admin=True)) == []
    assert not any((platform.settings.home / "artefacts").glob("??/*"))


def test_other_organizations_get_the_same_answer_as_for_a_missing_one(
        platform: Platform) -> None:
    mine, theirs = make_org(platform, "mine").id, make_org(platform, "theirs").id
    art = _add(platform, "广告\n推广\n".encode(), ArtefactKind.WORDLIST, mine)
    with platform.session() as s:
        with pytest.raises(NotFoundError) as hidden:
            find(s, f"artefact:{art.id}", Viewer(theirs))
        with pytest.raises(NotFoundError) as missing:
            find(s, "artefact:999", Viewer(theirs))
        assert hidden.value.message.replace(str(art.id), "N") == \
            missing.value.message.replace("999", "N")
        assert list_artefacts(s, Viewer(theirs)) == []
        assert find(s, str(art.id), Viewer(None, admin=True)).id == art.id


RECIPE = "name: q\nsteps:\n  - op: quality_score\n    params: {{model: '{model}'}}\n"


@pytest.mark.parametrize("value", ["/etc/shadow", "/etc/passwd", "/no/such/file.npz",
                                   "relative/q.npz", "~/q.npz", "file:///etc/passwd",
                                   "s3://bucket/q.npz", "memory://q.npz", "../jingshu.db"])
def test_the_server_resolver_refuses_every_path_with_one_message(platform: Platform,
                                                                 value: str) -> None:
    with platform.session() as s, pytest.raises(RecipeError) as refused:
        parse_recipe_text(RECIPE.format(model=value), source="recipe",
                          resolve=server_resolver(s, platform.settings.home, Viewer(None)))
    assert refused.value.message == ("recipe: step 1 (quality_score), parameter 'model': a "
                                     "recipe sent to the server cannot name a file; it must "
                                     "reference an uploaded artefact")
    assert "artefact:ID" in str(refused.value.hint)


def test_resolved_recipes_run_the_stored_file_and_record_the_sha256(platform: Platform,
                                                                    tmp_path: Path) -> None:
    org = make_org(platform, "o2").id
    art = _add(platform, quality_model_file(tmp_path).read_bytes(),
               ArtefactKind.QUALITY_MODEL, org)
    with platform.session() as s:
        recipe = parse_recipe_text(RECIPE.format(model=f"artefact:{art.id}"), source="r",
                                   resolve=server_resolver(s, platform.settings.home,
                                                           Viewer(org)))
        with pytest.raises(RecipeError, match="is a quality_model, this parameter needs a "
                           "pii_model"):
            parse_recipe_text(f"name: p\nsteps:\n  - op: pii_redact\n    params: "
                              f"{{model: 'artefact:{art.id}'}}\n", source="r",
                              resolve=server_resolver(s, platform.settings.home, Viewer(org)))
    assert recipe.steps[0].params["model"] == str(artefact_file(platform.settings.home, art))
    assert recipe.to_dict()["steps"][0]["params"]["model"] == f"artefact:{art.sha256}"


def test_local_runs_take_paths_and_artefacts(platform: Platform, tmp_path: Path) -> None:
    model = quality_model_file(tmp_path)
    art = _add(platform, model.read_bytes(), ArtefactKind.QUALITY_MODEL, None)
    by_path = parse_recipe_text(RECIPE.format(model=model), resolve=local_resolver(platform))
    assert by_path.steps[0].params["model"] == str(model)
    by_ref = parse_recipe_text(RECIPE.format(model=art.reference),
                               resolve=local_resolver(lambda: platform))
    assert by_ref.to_dict()["steps"][0]["params"]["model"] == f"artefact:{art.sha256}"
    with pytest.raises(ConfigError, match="needs the platform's artefact registry"):
        parse_recipe_text(RECIPE.format(model=art.reference))
