"""Portal pages of corpus runs: the run form and runs page, a version's processing report, messages.

Imports ``corpus``, ``catalog``, ``web.policies`` and the portal's ``render``/``i18n``;
never ``web.api`` or ``cli``.
"""
