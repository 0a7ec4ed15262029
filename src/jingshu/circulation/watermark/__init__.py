"""Watermarked extracts: marks keyed per recipient, and tracing a leak back to them.

No mark changes a character of an original record: records come in the recipient's
keyed order (:mod:`.records`), text corpora get keyed canary records
(:mod:`.canary`), and decimals carry value-level marks (:mod:`.tabular`).
"""

from jingshu.circulation.watermark.canary import Canary, canary_count, make_canaries
from jingshu.circulation.watermark.keys import Slot, keyed_bit
from jingshu.circulation.watermark.leak import Leak, read_leak
from jingshu.circulation.watermark.normalize import normalize
from jingshu.circulation.watermark.records import (
    RecordIndex,
    count_inversions,
    inversion_tail,
    order_rank,
    record_key,
)
from jingshu.circulation.watermark.tabular import mark_batch, mark_value, value_slots
from jingshu.circulation.watermark.text import text_slots
from jingshu.circulation.watermark.trace import (
    ALPHA,
    CANARY_FALSE_HIT,
    Candidate,
    ExtractedVersion,
    Finding,
    TraceResult,
    Verdict,
    file_slots,
    trace,
    trace_leak,
    trace_slots,
)

__all__ = [
    "ALPHA",
    "CANARY_FALSE_HIT",
    "Canary",
    "Candidate",
    "ExtractedVersion",
    "Finding",
    "Leak",
    "RecordIndex",
    "Slot",
    "TraceResult",
    "Verdict",
    "canary_count",
    "count_inversions",
    "file_slots",
    "inversion_tail",
    "keyed_bit",
    "make_canaries",
    "mark_batch",
    "mark_value",
    "normalize",
    "order_rank",
    "read_leak",
    "record_key",
    "text_slots",
    "trace",
    "trace_leak",
    "trace_slots",
    "value_slots",
]
