from __future__ import annotations

import datetime as dt
import random

import pyarrow as pa
import pytest

from jingshu.errors import ConfigError, InputError
from jingshu.privacy.kanon import anonymize, check_k_anonymity, infer_kind

CODES = ["110105", "110108", "330106", "330102", "440305", "440106"]


def _table(n: int = 400, seed: int = 3) -> pa.Table:
    rng = random.Random(seed)
    return pa.table({
        "age": [rng.randint(18, 90) for _ in range(n)],
        "id": [rng.choice(CODES) + "19800101001X" for _ in range(n)],
        "visit": [dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 700)) for _ in range(n)],
        "sex": [rng.choice("男女") for _ in range(n)],
        "dx": [rng.choice(["flu", "covid", "asthma", "cancer"]) for _ in range(n)],
    })


def test_k_anonymity_and_l_diversity_hold_on_the_output() -> None:
    out, report = anonymize(_table(), ["age", "id", "visit", "sex"], 5, l=2, sensitive="dx")
    smallest, distinct = check_k_anonymity(out, ["age", "id", "visit", "sex"], "dx")
    assert smallest >= 5 and distinct >= 2
    assert report.smallest_class == smallest and report.rows == 400
    assert report.kinds == {"age": "numeric", "id": "region", "visit": "date", "sex": "categorical"}
    assert 0 < report.ncp_total < 1
    assert out.column("dx").to_pylist() == _table().column("dx").to_pylist()
    assert all(len(v) == 6 or v == "*" for v in out.column("id").to_pylist())


def test_larger_k_loses_more_information() -> None:
    _, small = anonymize(_table(), ["age", "id"], 3)
    _, large = anonymize(_table(), ["age", "id"], 40)
    assert large.ncp_total > small.ncp_total and large.classes < small.classes


def test_record_batches_stream_in() -> None:
    batches = _table().to_batches(max_chunksize=50)
    out, report = anonymize(iter(batches), ["age"], 10)
    assert out.num_rows == 400 and report.smallest_class >= 10


def test_bad_requests_say_why() -> None:
    with pytest.raises(ConfigError):
        anonymize(_table(), ["age"], 1)
    with pytest.raises(ConfigError, match="sensitive"):
        anonymize(_table(), ["age"], 5, l=2)
    with pytest.raises(InputError, match="not a column"):
        anonymize(_table(), ["salary"], 5)
    with pytest.raises(InputError, match="cannot be 5-anonymous"):
        anonymize(_table(4), ["age"], 5)
    assert infer_kind(pa.array(["a", "b"])) == "categorical"
