from __future__ import annotations

from pathlib import Path

import pytest

from jingshu.store import DatasetStore, Provenance, read_source

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
HOTEL = DATA / "reviews_sophonplus" / "ChnSentiCorp_htl_all.csv"


@pytest.mark.realdata
@pytest.mark.skipif(not HOTEL.exists(), reason=f"real data not found at {HOTEL} (../shared/data)")
def test_import_chnsenticorp_hotel_reviews(tmp_path: Path) -> None:
    store = DatasetStore(str(tmp_path / "root"))
    with store.writer(
        "chnsenticorp", creator="test", made_by=Provenance("import", HOTEL.name), shard_rows=3000
    ) as w:
        for batch in read_source(str(HOTEL), batch_rows=1000):
            w.write_batch(batch)
        location, manifest = w.commit()
    assert [f.name for f in manifest.fields] == ["label", "review"]
    assert manifest.rows > 7000 and len(manifest.shards) == 3
    version = store.open(location)
    version.verify()
    first = version.head(1)[0]
    assert first["label"] in (0, 1) and "酒店" in "".join(
        str(r["review"]) for r in version.head(50)
    )
