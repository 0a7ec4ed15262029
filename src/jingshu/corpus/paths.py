"""Operator parameters that name files, and resolving them before operators are built.

Some operators read a file named by a parameter (``quality_score.model``,
``pii_redact.model``); their ``Params`` mark it ``Annotated[str, ArtefactPath(KIND)]``.
Before a recipe's operators are built, every such value goes through a
:data:`PathResolver`, which turns what the recipe says into a local file:

* on the user's own machine (:func:`local_files`), a path is used as it is;
* on the server, a recipe must say ``artefact:<id>`` or ``artefact:<sha256>``, a
  file uploaded to the artefact registry (:mod:`jingshu.artefacts`), and any other
  value is refused without looking at the file system.

The resolver also says how the reference is recorded with the output
(:attr:`Resolved.reference`), so a published version names the artefact's sha256,
not a path on some machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jingshu.corpus.params import ArtefactPath, OperatorParams
from jingshu.errors import ConfigError

__all__ = [
    "ARTEFACT_SCHEME",
    "PathParam",
    "PathResolver",
    "Resolved",
    "is_artefact_reference",
    "local_files",
    "path_fields",
]

ARTEFACT_SCHEME = "artefact:"


@dataclass(frozen=True)
class PathParam:
    """One file-naming parameter of one recipe step.

    Args:
        source: The recipe's source, as errors name it (a file, ``recipe``).
        step: 1-based position of the step in the recipe.
        op: The operator's registry name.
        name: The parameter's name.
        kind: The artefact kind it must be (``quality_model``, ``pii_model``).
    """

    source: str
    step: int
    op: str
    name: str
    kind: str

    @property
    def where(self) -> str:
        """``recipe.yaml: step 2 (quality_score), parameter 'model'``: what errors name."""
        return f"{self.source}: step {self.step} ({self.op}), parameter {self.name!r}"


@dataclass(frozen=True)
class Resolved:
    """What a file-naming value resolved to.

    Args:
        path: The local file the operator reads.
        reference: What the recipe records (``artefact:<sha256>``, or the path itself).
    """

    path: str
    reference: str


PathResolver = Callable[[PathParam, str], Resolved]
"""Called with the parameter and its value as written; returns the file, or raises."""


def path_fields(params_type: type[OperatorParams]) -> dict[str, str]:
    """The file-naming fields of an operator's ``Params``: name to artefact kind."""
    return {name: meta.kind for name, f in params_type.model_fields.items()
            for meta in f.metadata if isinstance(meta, ArtefactPath)}


def is_artefact_reference(value: object) -> bool:
    """``artefact:<something>``."""
    return isinstance(value, str) and value.startswith(ARTEFACT_SCHEME) \
        and len(value) > len(ARTEFACT_SCHEME)


def local_files(param: PathParam, value: str) -> Resolved:
    """The resolver of plain Python use: paths as they are; artefacts need the platform.

    Raises:
        ConfigError: ``value`` is an ``artefact:`` reference (resolve those with
            :func:`jingshu.artefacts.local_resolver`, as ``jingshu corpus run`` does).
    """
    if is_artefact_reference(value):
        raise ConfigError(
            f"{param.where}: {value!r} is an artefact reference, which needs the platform's "
            "artefact registry",
            hint="run the recipe with `jingshu corpus run`, or pass "
            "resolve=jingshu.artefacts.local_resolver(platform)")
    return Resolved(path=value, reference=value)
