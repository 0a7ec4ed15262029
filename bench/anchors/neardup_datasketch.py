"""Anchor, run in bench/out/venv-datasketch: datasketch MinHash LSH on the neardup set.

usage: neardup_datasketch.py GOLD.jsonl KEPT.txt {raw,plain} THRESHOLD
Prints one JSON line: {"seconds": ...} (time of hashing + LSH, not of reading).
"""

import json
import sys
import time
import unicodedata
from pathlib import Path

from datasketch import MinHash, MinHashLSH


def plain(text, t2s):
    text = t2s.convert(unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "PZ")


def main():
    gold, kept_path, mode, threshold = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    rows = [json.loads(line) for line in Path(gold).read_text("utf-8").splitlines()]
    started = time.perf_counter()
    t2s = None
    if mode == "plain":
        import opencc

        t2s = opencc.OpenCC("t2s")
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    kept = []
    for r in rows:
        text = plain(r["text"], t2s) if t2s else r["text"]
        m = MinHash(num_perm=128)
        m.update_batch([text[i : i + 5].encode("utf-8") for i in range(max(1, len(text) - 4))])
        if not lsh.query(m):
            lsh.insert(r["id"], m)
            kept.append(r["id"])
    seconds = time.perf_counter() - started
    Path(kept_path).write_text("\n".join(kept) + "\n", "utf-8")
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
