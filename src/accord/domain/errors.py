"""The domain's own exceptions.

The API maps each class to one HTTP status in one place (`accord.site.api`), so a rule
that is broken reads the same whether it came from a page, the API or the CLI.
"""


class DomainError(Exception):
    """Base class: a rule of the dialogue refused the action. The message is for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """The input is malformed or out of range (HTTP 422)."""


class RuleViolation(DomainError):
    """The action conflicts with the current state of things (HTTP 409)."""


class NotPermitted(DomainError):
    """The actor may see the object but may not do this to it (HTTP 403)."""


class NotFound(DomainError):
    """Absent, or not visible to the actor: the two are never told apart (HTTP 404)."""
