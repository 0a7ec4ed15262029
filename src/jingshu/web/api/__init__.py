"""The JSON API at ``/api/v1``: ``handlers/`` (routes, one module per endpoint group)
and ``schemas/`` (pydantic request and response bodies).

Authorizes through :mod:`jingshu.web.policies` and takes its dependencies from
:mod:`jingshu.web.deps`; never imports ``web.pages``, ``web.ckan`` or ``cli``.
"""
