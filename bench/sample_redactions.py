"""Print a seeded random sample of what the default policy redacts in the damage
audit's clean corpora, each with its context, for a person to judge.

    .venv/bin/python bench/sample_redactions.py [--n 100] [--seed 5] [--docs 300]
        [--doc-seed 11] [--leave-out SEED ...]

The documents are the damage audit's (``bench_damage_audit.sample_docs``, seed 11),
whose redactions tuned the name rules; with ``--doc-seed`` another draw of documents
from the same corpora, less the audit's (documents that tuned nothing). The
redactions of all eight corpora are pooled and ``--n`` of them drawn with ``--seed``.
docs/benchmarks.md (*PII redaction in the damage audit*) gives the share a reader
judged wrong: what the audit's counts cannot tell, since these corpora carry no labels.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_damage_audit import CORPORA, sample_docs  # noqa: E402

from jingshu.privacy.actions import Action, RedactionPolicy  # noqa: E402
from jingshu.privacy.pii import find_pii  # noqa: E402

AUDIT_SEED = 11


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--docs", type=int, default=300, help="documents per corpus")
    parser.add_argument("--doc-seed", type=int, default=AUDIT_SEED,
                        help="draw of documents; other than 11, the audit's are left out")
    parser.add_argument("--leave-out", type=int, nargs="*", default=[],
                        help="seeds of other draws whose documents are left out as well "
                        "(draws that were read while tuning)")
    args = parser.parse_args()
    policy = RedactionPolicy()
    found = []
    for corpus in CORPORA:
        left_out = {AUDIT_SEED, *args.leave_out} - {args.doc_seed}
        audit = {d.text for seed in left_out for d in sample_docs(corpus, args.docs, seed)}
        for doc in sample_docs(corpus, args.docs, args.doc_seed):
            if doc.text in audit:
                continue
            for span in find_pii(doc.text):
                if policy.action_for(span.type) is not Action.KEEP:
                    context = (doc.text[max(0, span.start - 14):span.start] + "【" + span.value
                               + "】" + doc.text[span.end:span.end + 10])
                    found.append((corpus, span.type, " ".join(context.split())))
    print(f"{len(found)} redactions; {min(args.n, len(found))} drawn with seed {args.seed}")
    for i, (corpus, kind, context) in enumerate(
            random.Random(args.seed).sample(found, min(args.n, len(found))), 1):
        print(f"{i}\t{corpus}\t{kind}\t{context}")


if __name__ == "__main__":
    main()
