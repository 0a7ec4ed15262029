"""Portal pages of the DP sandbox: routes, HTML forms, what the pages show, messages.

Imports the ``sandbox`` domain, ``web.policies`` and the portal's ``render``/``i18n``; never
``web.api`` or ``cli``.
"""
