"""Privacy: PII recognizers and redaction (k-anonymity, DP, PSI and watermarking follow)."""

from __future__ import annotations

from jingshu.privacy.pii import RECOGNIZERS, PiiSpan, find_pii

__all__ = ["RECOGNIZERS", "PiiSpan", "find_pii"]
