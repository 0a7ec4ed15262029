"""Anchor, run in bench/out/venv-dj: Data-Juicer 1.6.1 document_minhash_deduplicator.

usage: neardup_dj.py GOLD.jsonl KEPT.txt
Character tokenization, window 5, 256 permutations, Jaccard 0.7, np 2. Prints one JSON
line: {"seconds": ...} (the operator's run, not loading the dataset).
"""

import json
import sys
import time

from data_juicer.core.data import NestedDataset
from data_juicer.ops.deduplicator.document_minhash_deduplicator import (
    DocumentMinhashDeduplicator,
)


def main():
    gold, kept_path = sys.argv[1], sys.argv[2]
    rows = [json.loads(line) for line in open(gold, encoding="utf-8")]
    ds = NestedDataset.from_list([{"text": r["text"], "id": r["id"]} for r in rows])
    op = DocumentMinhashDeduplicator(tokenization="character", window_size=5,
                                     num_permutations=256, jaccard_threshold=0.7, num_proc=2)
    started = time.perf_counter()
    out = op.run(ds)
    seconds = time.perf_counter() - started
    open(kept_path, "w", encoding="utf-8").write("\n".join(out["id"]) + "\n")
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
