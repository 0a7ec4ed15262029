"""Portal page of re-grading (the approval queue): routes and messages.

Imports ``catalog.regrade``, ``web.policies`` and the portal's ``render``/``i18n``; never
``web.api`` or ``cli``.
"""
