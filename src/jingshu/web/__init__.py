"""The HTTP front door: the FastAPI app (``app``), the JSON API (``api/``), the portal
(``pages/``), the CKAN-compatible API (``ckan/``), who may do what (``policies/``) and
the request dependencies (``deps``).

Thin adapters over the domains' use cases. Only ``cli`` imports ``web``; inside it,
``api``, ``pages`` and ``ckan`` do not import each other, and ``policies`` and ``deps``
import none of them (contracts in ``pyproject.toml``, see docs/architecture.md).
"""
