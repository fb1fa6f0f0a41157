"""Alerts, as pure rules: triggers and preferences, reminder and retry schedules, what a
channel is cleared to carry, webhook signatures and the e-mail URL (DESIGN rule 7)."""

from accord.domain.alerts.clearance import Clearance, carries_full_text, parse_clearance
from accord.domain.alerts.email_url import CONSOLE, SMTP, EmailConfig, parse_email_url
from accord.domain.alerts.schedule import (
    REMINDER_OFFSETS,
    RETRY_WINDOW,
    due_reminder,
    escalation_due,
    next_attempt,
    next_digest,
    percentile,
    reminder_label,
)
from accord.domain.alerts.triggers import (
    DUTY_OFFICER_MANDATORY,
    HEAD_MANDATORY,
    PREFERABLE,
    Mode,
    Trigger,
    check_choice,
    effective_mode,
    mandatory_for,
    parse_mode,
    parse_trigger,
)
from accord.domain.alerts.webhook_signature import (
    SignatureMismatch,
    new_secret,
    sign,
    verify,
)

__all__ = [
    "CONSOLE",
    "DUTY_OFFICER_MANDATORY",
    "HEAD_MANDATORY",
    "PREFERABLE",
    "REMINDER_OFFSETS",
    "RETRY_WINDOW",
    "SMTP",
    "Clearance",
    "EmailConfig",
    "Mode",
    "SignatureMismatch",
    "Trigger",
    "carries_full_text",
    "check_choice",
    "due_reminder",
    "effective_mode",
    "escalation_due",
    "mandatory_for",
    "new_secret",
    "next_attempt",
    "next_digest",
    "parse_clearance",
    "parse_email_url",
    "parse_mode",
    "parse_trigger",
    "percentile",
    "reminder_label",
    "sign",
    "verify",
]
