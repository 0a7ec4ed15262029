"""``jingshu psi``: private set intersection between two organizations over HTTP.

One side runs ``serve`` with its identifier file; the other runs ``join`` against it.
``join --save-as NAME`` keeps the shared identifiers as a not-open dataset inside
this server, ready for a declared DP sandbox query.
"""

from __future__ import annotations

import json

import click
import pyarrow as pa

from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.catalog.service import DatasetSpec, create_dataset, publish_version
from jingshu.cli.context import AppContext, pass_app
from jingshu.errors import InputError
from jingshu.psi import DEFAULT_SUITE, KINDS, SUITES, PsiState, join, make_server, read_identifiers
from jingshu.store import Provenance

__all__ = ["psi"]

_kind = click.option("--kind", type=click.Choice(KINDS), default="resident_id",
                     show_default=True, help="How identifiers are normalized.")
_file = click.option("--file", "path", type=click.Path(exists=True, dir_okay=False),
                     required=True, help="UTF-8 text file, one identifier per line.")
_workers = click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
                        help="Threads (x25519) or processes (ristretto255) for the curve "
                             "arithmetic.")
_suite = click.option("--suite", type=click.Choice(SUITES), default=DEFAULT_SUITE,
                      show_default=True,
                      help="Cipher suite; both sides must use the same (the server says its own).")


@click.group()
def psi() -> None:
    """Private set intersection (隐私求交), ECDH over X25519 or ristretto255."""


@psi.command("serve")
@_file
@_kind
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8765, show_default=True, help="Port to listen on.")
@click.option("--size-only", is_flag=True, help="Let joiners learn only the intersection size.")
@_workers
@_suite
def serve(path: str, kind: str, host: str, port: int, size_only: bool, workers: int,
          suite: str) -> None:
    """Answer PSI joins with the identifiers in --file (until interrupted)."""
    ids = read_identifiers(path, kind)
    state = PsiState.prepare(ids, kind, size_only=size_only, workers=workers, suite=suite)
    server = make_server(state, host, port)
    click.echo(f"psi: serving {len(ids)} {kind} identifiers ({suite}) on "
               f"http://{host}:{server.server_address[1]}"
               f"{' (size only)' if size_only else ''}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@psi.command("join")
@_file
@_kind
@click.option("--peer", required=True, help="The serving side, e.g. http://127.0.0.1:8765.")
@click.option("--size-only", is_flag=True, help="Learn only the intersection size.")
@click.option("--save-as", default=None,
              help="Keep the shared identifiers as a new not-open dataset with this name.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the shared identifiers here, one per line.")
@_workers
@_suite
@pass_app
def join_cmd(app: AppContext, path: str, kind: str, peer: str, size_only: bool,
             save_as: str | None, output: str | None, workers: int, suite: str) -> None:
    """Intersect --file with the identifiers of the server at --peer."""
    if size_only and (save_as or output):
        raise InputError("--size-only learns no identifiers to save",
                         hint="drop --save-as/--output, or drop --size-only")
    result = join(read_identifiers(path, kind), peer, kind, size_only=size_only,
                  workers=workers, suite=suite)
    if output and result.intersection is not None:
        with open(output, "w", encoding="utf-8") as f:
            f.writelines(f"{x}\n" for x in result.intersection)
    if save_as and result.intersection is not None:
        _save(app, save_as, result.intersection, peer)
    click.echo(json.dumps({"size_self": result.size_self, "size_peer": result.size_peer,
                           "intersection_size": result.intersection_size,
                           "bytes_sent": result.bytes_sent,
                           "bytes_received": result.bytes_received,
                           "seconds": round(result.seconds, 3),
                           "saved_as": save_as}, ensure_ascii=False))


def _save(app: AppContext, name: str, ids: list[str], peer: str) -> None:
    spec = DatasetSpec(name=name, title=f"隐私求交结果 {name}", modality=Modality.TABULAR,
                       open_tier=OpenTier.NOT_OPEN, grade=Grade.IMPORTANT,
                       sensitivity=Sensitivity.L3, description=f"PSI with {peer}")
    with app.platform.session() as s:
        dataset = create_dataset(s, spec, actor=app.actor)
        publish_version(s, app.platform.store, dataset,
                        [pa.RecordBatch.from_pydict({"id": ids}, schema=pa.schema(
                            [("id", pa.string())]))],
                        creator=app.actor, made_by=Provenance(kind="import", source=f"psi:{peer}"),
                        schema=pa.schema([("id", pa.string())]))
        s.commit()
