"""Mixtures of dataset versions by token share (the "data training base").

Library layer: imports ``store``, ``tokens`` and ``errors``; never a domain, ``web``
or ``cli``.
"""

from __future__ import annotations

from jingshu.mix.plan import MIX_SCHEMA, MixPlan, MixSource, SourcePlan, mixed_batches, plan_mix

__all__ = ["MIX_SCHEMA", "MixPlan", "MixSource", "SourcePlan", "mixed_batches", "plan_mix"]
