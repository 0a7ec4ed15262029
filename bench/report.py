"""Write one named section of docs/benchmarks.md, keeping the rest of the file."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["BENCHMARKS_MD", "write_section"]

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
_HEADER = "# Benchmarks\n\nWritten by the scripts in `bench/`; each section between its markers.\n"


def write_section(name: str, markdown: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace the text between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``.

    The file and the section are created when missing; everything else is kept.

    Args:
        name: the section name, e.g. ``"import"``.
        markdown: the new section body.
        path: the Markdown file (docs/benchmarks.md by default).
    """
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = path.read_text("utf-8") if path.exists() else _HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
