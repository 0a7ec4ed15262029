"""A CKAN-compatible read API over the catalog, for harvesters and CKAN tooling.

See :mod:`jingshu.web.ckan.routes` (envelope, errors), :mod:`jingshu.web.ckan.actions`
(what each action returns) and :mod:`jingshu.web.ckan.schemas` (how the catalog maps
onto CKAN's dictionaries); the guide is ``docs/guides/ckan-compatibility.md``.
"""

from jingshu.web.ckan.routes import PREFIXES, router

__all__ = ["PREFIXES", "router"]
