"""Accounts: organizations, users and roles, passwords and the second factor, login
throttling, API tokens and browser sessions.

Domain layer, the lowest: imports ``audit``, ``db``, ``settings`` and ``errors`` only;
never another domain, ``platform``, ``web`` or ``cli``.
"""
