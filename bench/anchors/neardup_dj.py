"""Anchor, run in bench/out/venv-dj: Data-Juicer 1.6.1 document_minhash_deduplicator.

usage: neardup_dj.py GOLD.jsonl KEPT.txt
Character tokenization, window 5, 256 permutations, Jaccard 0.7, np 2. Prints one JSON
line: {"seconds": ...} (the operator's run, not loading the dataset).
"""

import json
import sys
import time
from pathlib import Path

from data_juicer.core.data import NestedDataset
from data_juicer.ops.deduplicator.document_minhash_deduplicator import (
    DocumentMinhashDeduplicator,
)


def main():
    gold, kept_path = sys.argv[1], sys.argv[2]
    rows = [json.loads(line) for line in Path(gold).read_text("utf-8").splitlines()]
    ds = NestedDataset.from_list([{"text": r["text"], "id": r["id"]} for r in rows])
    op = DocumentMinhashDeduplicator(tokenization="character", window_size=5,
                                     num_permutations=256, jaccard_threshold=0.7, num_proc=2)
    started = time.perf_counter()
    out = op.run(ds)
    seconds = time.perf_counter() - started
    Path(kept_path).write_text("\n".join(out["id"]) + "\n", "utf-8")
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
