"""Watermarked extracts: marks keyed per recipient, and tracing a leak back to them."""

from jingshu.circulation.watermark.keys import Slot, keyed_bit
from jingshu.circulation.watermark.tabular import mark_batch, mark_value, value_slots
from jingshu.circulation.watermark.text import mark_text, text_slots
from jingshu.circulation.watermark.trace import (
    ALPHA,
    Candidate,
    Finding,
    TraceResult,
    Verdict,
    file_slots,
    trace,
    trace_slots,
)

__all__ = [
    "ALPHA",
    "Candidate",
    "Finding",
    "Slot",
    "TraceResult",
    "Verdict",
    "file_slots",
    "keyed_bit",
    "mark_batch",
    "mark_text",
    "mark_value",
    "text_slots",
    "trace",
    "trace_slots",
    "value_slots",
]
