"""The portal: server-rendered pages (Jinja2 templates, one stylesheet, small scripts).

``routes`` gathers every page router; a feature with several modules has its own
sub-package (``annotate/``, ``circulation/``, ``corpus/``, ``regrade/``, ``sandbox/``), each
with its ``routes`` and ``i18n`` messages. Pages authorize through ``jingshu.web.policies``
like the API, and call the domains' use cases; they never import ``jingshu.web.api``
or ``jingshu.cli``.
"""
