"""The domain's own exceptions.

The API maps each class to one HTTP status in one place (`accord.site.api`), so a rule
that is broken reads the same whether it came from a page, the API or the CLI. Each error
carries a machine-readable `code` (the class's, unless the raiser names a finer one), and
bad input may name the `field` it is about.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a rule of the dialogue refused the action. The message is for people."""

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field


class InvalidInput(DomainError):
    """The input is malformed or out of range (HTTP 422)."""

    code = "invalid_input"


class RuleViolation(DomainError):
    """The action conflicts with the current state of things (HTTP 409)."""

    code = "conflict"


class NotPermitted(DomainError):
    """The actor may see the object but may not do this to it (HTTP 403)."""

    code = "not_permitted"


class NotFound(DomainError):
    """Absent, or not visible to the actor: the two are never told apart (HTTP 404)."""

    code = "not_found"
