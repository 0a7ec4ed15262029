"""Portal pages of crowd annotation: routes and their messages (zh/en).

Imports the annotate domain, ``web.policies`` and the portal's ``render``/``i18n``; never
``web.api`` or ``cli``.
"""
