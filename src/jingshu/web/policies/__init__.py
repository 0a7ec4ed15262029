"""Who may do what, for the HTTP API and the portal alike: one module per resource.

Every handler and page authorizes through one of these policy objects::

    authorize(who, DatasetPolicy.download(dataset))

A check returns ``None`` when allowed, or the reason it is not (:mod:`.base`).
Modules: ``datasets`` (the tier rules every other policy builds on), ``accounts``,
``audit``, ``annotate``, ``artefacts``, ``circulation``, ``corpus_runs``, ``regrade``,
``sandbox``.

Front-door layer: imports the domains' models and rules and ``jingshu.web.deps``;
never ``jingshu.web.api`` or ``jingshu.web.pages`` (both import it) or ``jingshu.cli``.
"""

from jingshu.web.policies.base import Check, authorize

__all__ = ["Check", "authorize"]
