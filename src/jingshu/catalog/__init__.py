"""The catalog: datasets, versions and resources; open tiers, data grades and sensitivity
levels (``rules``); search and facets; linked data (DCAT-AP, Croissant); regrading;
quality profiles and mixtures of catalog versions.

Domain layer: imports ``accounts``, the library (``store``, ``profiles``, ``mix``) and
the base; never ``circulation``, ``annotate``, ``sandbox``, ``artefacts``,
``platform``, ``web`` or ``cli``.
"""
