"""Anchor, run in bench/out/venv-datatrove: datatrove's four MinHash steps.

usage: neardup_datatrove.py GOLD.jsonl KEPT.txt WORKDIR
Language set to Chinese so its word tokenizer (spaCy + jieba) is used; 14 buckets x 8
hashes (its default), 5-grams, 2 tasks. Prints {"seconds": ...} for the four steps.
"""

import json
import sys
import time
from pathlib import Path

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main():
    gold, kept_path, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    src = work / "in"
    src.mkdir(parents=True, exist_ok=True)
    lines = Path(gold).read_text("utf-8").splitlines()
    half = len(lines) // 2
    for i, part in enumerate((lines[:half], lines[half:])):
        (src / f"{i}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    config = MinhashConfig()
    lang = "zh"
    read = lambda: JsonlReader(str(src), id_key="id")  # noqa: E731
    started = time.perf_counter()
    steps = [
        ([read(), MinhashDedupSignature(str(work / "sig"), config=config, language=lang)], 2),
        ([MinhashDedupBuckets(str(work / "sig"), str(work / "buckets"), config=config)],
         config.num_buckets),
        ([MinhashDedupCluster(str(work / "buckets"), str(work / "remove"), config=config)], 1),
        ([read(), MinhashDedupFilter(str(work / "remove")), JsonlWriter(str(work / "out"),
          compression=None)], 2),
    ]
    for pipeline, tasks in steps:
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=2,
                              logging_dir=str(work / "logs" / str(len(str(tasks)))),
                              skip_completed=False).run()
    seconds = time.perf_counter() - started
    kept = [json.loads(line)["id"] for f in sorted((work / "out").glob("*.jsonl"))
            for line in f.read_text("utf-8").splitlines()]
    Path(kept_path).write_text("\n".join(kept) + "\n", "utf-8")
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
