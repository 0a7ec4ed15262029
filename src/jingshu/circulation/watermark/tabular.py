"""Tabular marks: value-level, on decimals only, each keyed by its own canonical content.

Decimals with two or more decimal places (as Python prints them, the form CSV and
JSON writers keep): the parity of the last digit is the recipient's bit for the
number without that digit; setting it moves the value by one unit in its last place
at most, never to a trailing zero (which would shorten the printed form).

Text is never changed: a text cell may be training text, and any character a mark
changed would be a defect that the recipient's own cleaning repairs (and erases). Text
is traced by record order and canaries instead (:mod:`.records`, :mod:`.canary`).
Punctuation marks on text cells (:mod:`.text`) were made by extracts before 2026-12;
they are still read when tracing. Integers, identifiers, dates, booleans and strings
are left exactly as they are.
"""

from __future__ import annotations

import math
import re

import pyarrow as pa

from jingshu.circulation.watermark.keys import Slot, keyed_bit
from jingshu.circulation.watermark.text import text_slots

__all__ = ["decimal_slot", "mark_batch", "mark_value", "value_slots"]

_DECIMAL = re.compile(r"^-?\d+\.\d{2,}$")
_MAX_DIGITS = 15


def decimal_slot(printed: str) -> Slot | None:
    """The slot of a printed decimal such as ``"12.345"`` (None when not markable)."""
    if not _DECIMAL.match(printed) or sum(c.isdigit() for c in printed) > _MAX_DIGITS:
        return None
    return Slot(f"n{printed[:-1]}", int(printed[-1]) % 2)


def _mark_decimal(value: float, secret: bytes) -> float:
    printed = repr(value)
    slot = decimal_slot(printed)
    if slot is None:
        return value
    bit = keyed_bit(secret, slot.key)
    if bit == slot.observed:
        return value
    digit = int(printed[-1])
    digit = 8 if digit == 9 else digit + 1 if digit % 2 else digit - 1
    return float(printed[:-1] + str(digit))


def mark_value(value: object, secret: bytes) -> object:
    """One cell, marked for the recipient with ``secret`` (only decimals change)."""
    if isinstance(value, float) and math.isfinite(value):
        return _mark_decimal(value, secret)
    return value


def value_slots(value: object) -> list[Slot]:
    """The marks one cell carries, whatever format it was read from."""
    if isinstance(value, bool):
        return []
    if isinstance(value, float) and math.isfinite(value):
        value = repr(value)
    if isinstance(value, str):
        number = decimal_slot(value.strip())
        return [number] if number is not None else text_slots(value)
    return []


def mark_batch(batch: pa.RecordBatch, secret: bytes) -> pa.RecordBatch:
    """A batch with its float64 columns marked (other columns untouched)."""
    columns = []
    for column in batch.columns:
        kind = column.type
        if pa.types.is_float64(kind):
            values = [mark_value(v, secret) for v in column.to_pylist()]
            columns.append(pa.array(values, type=kind))
        else:
            columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)
