"""Normalization, hashing and the protocol against an in-process server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from jingshu.errors import InputError
from jingshu.psi import (
    SUITES,
    PsiServer,
    PsiState,
    join,
    make_server,
    normalize,
    read_identifiers,
)
from jingshu.psi.protocol import blind, exponentiate, random_scalar


def test_identifiers_are_normalized() -> None:
    assert normalize(" 11010519491231002x\n", "resident_id") == "11010519491231002X"
    assert normalize("+86 138-0013-8000", "phone") == "13800138000"
    assert normalize("１３８００１３８０００", "phone") == "13800138000"
    with pytest.raises(ValueError, match="17 digits"):
        normalize("1101051949123100", "resident_id")


def test_a_malformed_identifier_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("11010519491231002X\n\n110105194912310021\nabc\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 4"):
        read_identifiers(path, "resident_id")


@pytest.mark.parametrize("suite", SUITES)
def test_blinding_commutes(suite: str) -> None:
    a, b = random_scalar(suite), random_scalar(suite)
    ab = exponentiate(blind(["x", "y"], a, "text", 1, suite), b, 1, suite)
    ba = exponentiate(blind(["y", "x"], b, "text", 1, suite), a, 1, suite)
    assert ab == ba[::-1] and ab[0] != ab[1]


def test_an_unknown_suite_is_refused() -> None:
    with pytest.raises(InputError, match="--suite 'p256' is unknown"):
        random_scalar("p256")


def _ids(start: int, n: int) -> list[str]:
    return [f"{start + i:017d}X" for i in range(n)]


@pytest.fixture(params=SUITES)
def server(request: pytest.FixtureRequest) -> Iterator[PsiServer]:
    srv = make_server(PsiState.prepare(_ids(0, 300), "resident_id", suite=request.param))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_join_finds_exactly_the_shared_identifiers(server: PsiServer) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    result = join(_ids(200, 250), url, "resident_id", suite=server.state.suite)
    assert result.intersection == _ids(200, 100)
    assert (result.size_self, result.size_peer, result.intersection_size) == (250, 300, 100)
    assert result.bytes_sent >= 250 * 32 and result.bytes_received >= (250 + 300) * 32


def test_size_only_reveals_only_the_count(server: PsiServer) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    suite = server.state.suite
    result = join(_ids(250, 100), url, "resident_id", size_only=True, suite=suite)
    assert result.intersection is None and result.intersection_size == 50
    server.state.size_only = True
    with pytest.raises(InputError, match="not phone"):
        join(["13800138000"], url, "phone", suite=suite)
    assert join(_ids(0, 10), url, "resident_id", suite=suite).intersection is None


def test_a_suite_mismatch_is_refused(server: PsiServer) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    other = next(s for s in SUITES if s != server.state.suite)
    with pytest.raises(InputError, match=f"uses the {server.state.suite} cipher suite, "
                                         f"not {other}.*--suite {server.state.suite}"):
        join(_ids(0, 10), url, "resident_id", suite=other)
