"""Portal "质量 / Quality" tab of a dataset version: routes, view model and messages.

Imports ``catalog.quality``, ``profiles``, ``web.policies`` and the portal's
``render``/``i18n``; never ``web.api`` or ``cli``. The tab's body is the partial
``quality/_profile.html`` so the dataset page can include it as a section.
"""
