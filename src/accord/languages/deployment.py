"""The languages this deployment negotiates in (`ACCORD_LANGUAGES`, default `en,zh,ru`)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accord.domain import negotiation


def deployment_languages() -> tuple[str, ...]:
    """The configured languages, in order; ImproperlyConfigured for one Accord has no rules for."""
    codes = tuple(getattr(settings, "ACCORD_LANGUAGES", None) or negotiation.VERSION_LANGUAGES)
    unknown = [c for c in codes if c not in negotiation.VERSION_LANGUAGES]
    if unknown:
        raise ImproperlyConfigured(f"ACCORD_LANGUAGES: {unknown[0]!r} is not one of en, zh, ru")
    return codes
