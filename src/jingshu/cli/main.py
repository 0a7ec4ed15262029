"""The ``jingshu`` command: the root group, its shared context and its error handling.

Every command group lives in its own module and is attached here. Commands reach the
platform through :class:`AppContext`, which opens it lazily so that ``--help`` and
``jingshu config`` never touch the database. A :class:`~jingshu.errors.JingshuError`
raised anywhere below is printed as ``error: MESSAGE`` and ``hint: HINT`` on stderr
and the command exits with status 2; click's own usage errors keep click's codes.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import click

from jingshu import __version__
from jingshu.cli.context import AppContext
from jingshu.errors import JingshuError

__all__ = ["COMMANDS", "DOMAIN_ERROR_EXIT", "JingshuGroup", "LazyCommand", "cli", "main"]

DOMAIN_ERROR_EXIT = 2


class LazyCommand(NamedTuple):
    """A top-level command imported only when it runs (or its own help is asked for).

    ``short_help`` is the line ``jingshu --help`` prints; tests/cli/test_main.py checks
    that it equals the command's own, so the two cannot drift apart.
    """

    module: str
    attr: str
    short_help: str


COMMANDS: dict[str, LazyCommand] = {
    "aggregate": LazyCommand("jingshu.cli.aggregate", "aggregate",
                             "Infer one label per task from crowd ANSWERS (.csv or .jsonl: task, "
                             "worker, label)."),
    "annotate": LazyCommand("jingshu.cli.annotate", "annotate",
                            "Crowd annotation projects: create, status, export, "
                            "import-labelstudio, close."),
    "artefact": LazyCommand("jingshu.cli.artefact", "artefact",
                            "Artefacts (制品): models and word lists that recipes reference as "
                            "artefact:ID."),
    "audit": LazyCommand("jingshu.cli.audit", "audit",
                         "Verify and read the tamper-evident audit log."),
    "catalog": LazyCommand("jingshu.cli.catalog", "catalog",
                           "Search the catalog and export it as linked data."),
    "clean": LazyCommand("jingshu.cli.clean", "clean",
                         "Repair text read from stdin with a recipe's mappers; write it to "
                         "stdout."),
    "config": LazyCommand("jingshu.cli.config", "config",
                          "Print the effective settings: name, value, environment variable and "
                          "help."),
    "corpus": LazyCommand("jingshu.cli.corpus", "corpus",
                          "Clean and filter Chinese text with recipes of operators."),
    "dataset": LazyCommand("jingshu.cli.dataset", "dataset",
                           "Import, inspect, document and export datasets."),
    "demo": LazyCommand("jingshu.cli.demo", "demo",
                        "Import the bundled Chinese sample, clean it with the zh-web recipe, "
                        "serve the portal."),
    "grant": LazyCommand("jingshu.cli.grant", "grant",
                         "Conditional opening (有条件开放): agreements, applications, grants."),
    "jobs": LazyCommand("jingshu.cli.jobs", "jobs",
                        "The job queue: list, show and cancel jobs (corpus runs ...)."),
    "media": LazyCommand("jingshu.cli.media", "media",
                         "Images, image–text pairs and audio: import, clean with recipes, export."),
    "label-errors": LazyCommand("jingshu.cli.label_errors", "label_errors",
                                "Fleiss' kappa, Krippendorff's alpha, per-worker agreement "
                                "with the audited labels, and the items whose audited label "
                                "is most likely wrong (confident learning)."),
    "privacy": LazyCommand("jingshu.cli.privacy", "privacy",
                           "Personal data: find and redact PII, train recognizers, k-anonymize "
                           "tables."),
    "psi": LazyCommand("jingshu.cli.psi", "psi",
                       "Private set intersection (隐私求交), ECDH over X25519 or ristretto255."),
    "sandbox": LazyCommand("jingshu.cli.sandbox", "sandbox",
                           "DP sandbox (差分隐私沙箱): aggregate queries over data that never "
                           "leaves."),
    "serve": LazyCommand("jingshu.cli.serve", "serve",
                         "Serve the JSON API (/api/v1) and the portal over the same platform."),
    "store": LazyCommand("jingshu.cli.store", "store", "Housekeeping of the dataset store."),
    "user": LazyCommand("jingshu.cli.user", "user",
                        "Manage users, organizations, API tokens and two-step login."),
    "worker": LazyCommand("jingshu.cli.worker", "worker",
                          "Run queued jobs until stopped (Ctrl-C or SIGTERM: running jobs go "
                          "back to the queue)."),
    "watermark": LazyCommand("jingshu.cli.watermark", "watermark",
                             "Watermarked extracts of conditional data."),
}


class JingshuGroup(click.Group):
    """The root group: commands from :data:`COMMANDS`, imported on first use.

    ``jingshu --help`` lists them without importing any (so it never loads SQLAlchemy,
    pyarrow or scipy), and a domain error becomes a two-line message and exit status 2.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JingshuError as exc:
            click.echo(f"error: {exc.message}", err=True)
            if exc.hint:
                click.echo(f"hint: {exc.hint}", err=True)
            raise click.exceptions.Exit(DOMAIN_ERROR_EXIT) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return super().get_command(ctx, cmd_name)
        command = getattr(importlib.import_module(lazy.module), lazy.attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._short_help(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str:
        lazy = COMMANDS.get(name)
        if lazy is not None:
            return click.Command(name, help=lazy.short_help).get_short_help_str(limit)
        command = super().get_command(ctx, name)
        return command.get_short_help_str(limit) if command is not None else ""

@click.group(cls=JingshuGroup)
@click.version_option(__version__, "--version", prog_name="jingshu")
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    default=None,
    help="jingshu home folder (overrides JINGSHU_HOME).",
)
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """精数 jingshu: raw data in, governed high-quality AI training data out."""
    app = AppContext(home=home)
    ctx.obj = app
    ctx.call_on_close(app.close)



def main() -> None:
    """Entry point of the ``jingshu`` console script."""
    cli(prog_name="jingshu")


if __name__ == "__main__":
    main()
