"""Errors raised by jingshu.

Every error the platform raises on purpose derives from :class:`JingshuError`, and
every message names the thing that is wrong (file and line, field, parameter, rule)
and says how to fix it::

    JingshuError
    ├── ConfigError            a setting or recipe parameter is invalid
    ├── InputError             a file, record or request body cannot be used
    │   ├── SchemaMismatchError   columns or types differ from what is expected
    │   └── RecipeError           a submitted corpus recipe names an unknown operator ...
    ├── NotFoundError          a dataset, version, user ... does not exist
    ├── ConflictError          the name is taken, or the object changed meanwhile
    ├── RuleViolation          a governance rule forbids it (tier/grade, quota)
    ├── AuthError              not logged in, bad credentials, expired session
    │   ├── PermissionDenied   logged in, but this role may not do it
    │   └── TooManyAttempts    too many failed logins: wait ``retry_after`` seconds
    ├── IntegrityError         stored data fails a check (audit chain, sha256)
    └── DependencyMissing      an optional package is needed: says what to install

The web layer maps each class to one HTTP status in ``jingshu.web.errors``; the CLI
prints the message and exits non-zero.
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "ConfigError",
    "ConflictError",
    "DependencyMissing",
    "InputError",
    "IntegrityError",
    "JingshuError",
    "NotFoundError",
    "PermissionDenied",
    "RecipeError",
    "RuleViolation",
    "SchemaMismatchError",
    "TooManyAttempts",
]


class JingshuError(Exception):
    """Root of every error jingshu raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(JingshuError):
    code = "config_error"


class InputError(JingshuError):
    code = "invalid_input"


class SchemaMismatchError(InputError):
    code = "schema_mismatch"


class RecipeError(InputError):
    """A recipe sent to the platform (HTTP, portal) is invalid: names the step and operator."""

    code = "invalid_recipe"


class NotFoundError(JingshuError):
    code = "not_found"


class ConflictError(JingshuError):
    code = "conflict"


class RuleViolation(JingshuError):
    code = "rule_violation"


class AuthError(JingshuError):
    code = "unauthenticated"


class PermissionDenied(AuthError):
    code = "forbidden"


class TooManyAttempts(AuthError):
    """Logins refused for a while after repeated failures (HTTP 429 with Retry-After)."""

    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class IntegrityError(JingshuError):
    code = "integrity_error"


class DependencyMissing(JingshuError):
    code = "dependency_missing"

    def __init__(self, package: str, *, needed_for: str, extra: str | None = None) -> None:
        install = f"pip install 'jingshu[{extra}]'" if extra else f"pip install {package}"
        super().__init__(f"{needed_for} needs the package {package!r}", hint=f"run: {install}")
        self.package = package
