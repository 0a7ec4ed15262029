"""The object every command receives: settings overrides and a lazily opened platform."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from jingshu.platform import Platform
    from jingshu.settings import Settings

__all__ = ["CLI_ACTOR", "AppContext", "pass_app"]

CLI_ACTOR = "cli"


class AppContext:
    """What the root group knows; opens the :class:`Platform` on first use.

    Args:
        home: the ``--home`` option, overriding ``JINGSHU_HOME`` when given.
    """

    def __init__(self, home: str | None = None) -> None:
        self.home = home
        self.actor = CLI_ACTOR
        self._platform: Platform | None = None

    def settings(self) -> Settings:
        """The effective settings, without side effects."""
        from jingshu.settings import load_settings  # pydantic-settings only when used

        return load_settings(home=self.home) if self.home else load_settings()

    @property
    def platform(self) -> Platform:
        """The platform, opened (and migrated) the first time it is asked for."""
        if self._platform is None:
            from jingshu.jobs import queue_profiles_on_publish  # SQLAlchemy only when used
            from jingshu.platform import Platform

            self._platform = queue_profiles_on_publish(Platform(self.settings()))
        return self._platform

    def close(self) -> None:
        if self._platform is not None:
            self._platform.close()
            self._platform = None


pass_app = click.make_pass_decorator(AppContext)
