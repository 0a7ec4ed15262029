"""Portal pages of conditional opening (requests, reviews, grants, inbox): routes and messages.

Imports the circulation domain, ``web.policies`` and the portal's ``render``/``i18n``; never
``web.api`` or ``cli``.
"""
