"""Crowdsourced annotation: projects, assignment, quality control and truth inference.

Domain layer: imports ``circulation`` (annotate grants), ``catalog``, ``accounts``,
``store`` and the base; never ``sandbox``, ``platform``, ``web`` or ``cli``. The
algorithms in ``aggregate/`` import none of these.
"""
