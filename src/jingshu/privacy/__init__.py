"""Privacy: PII recognizers (``pii``, ``recognizers/``, the ``tagger``), redaction
actions and k-anonymity (``kanon``).

Differential privacy lives in :mod:`jingshu.sandbox`, private set intersection in
:mod:`jingshu.psi` and watermarked extracts in :mod:`jingshu.circulation.watermark`.

Library layer: imports :mod:`jingshu.errors` only; never the database, a domain,
``web`` or ``cli``.
"""

from __future__ import annotations

from jingshu.privacy.pii import RECOGNIZERS, PiiSpan, find_pii

__all__ = ["RECOGNIZERS", "PiiSpan", "find_pii"]
