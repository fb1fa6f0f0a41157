"""The pure alert rules: reminder moments, escalation, retry backoff, digests, what a
channel may carry, preferences a state fixes, webhook signatures and the e-mail URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain.alerts import (
    RETRY_WINDOW,
    Clearance,
    Mode,
    SignatureMismatch,
    Trigger,
    carries_full_text,
    check_choice,
    due_reminder,
    effective_mode,
    escalation_due,
    new_secret,
    next_attempt,
    next_digest,
    parse_email_url,
    sign,
    verify,
)
from accord.domain.errors import InvalidInput
from accord.domain.visibility import Audience, Visibility

OPENED = datetime(2021, 7, 12, 9, 0, tzinfo=UTC)
DEADLINE = OPENED + timedelta(hours=72)
H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (OPENED + H, None),
        (DEADLINE - 48 * H - timedelta(seconds=1), None),
        (DEADLINE - 48 * H, 48 * H),
        (DEADLINE - 7 * H, 48 * H),
        (DEADLINE - 6 * H, 6 * H),
        (DEADLINE - H, H),
        (DEADLINE - timedelta(minutes=1), H),
        (DEADLINE, None),
    ],
)
def test_the_reminder_due_is_the_latest_moment_reached(now, expected):
    assert due_reminder(opened_at=OPENED, deadline=DEADLINE, now=now) == expected


def test_a_reminder_already_past_at_opening_is_never_sent():
    opened = DEADLINE - 10 * H
    assert due_reminder(opened_at=opened, deadline=DEADLINE, now=opened) is None
    assert due_reminder(opened_at=opened, deadline=DEADLINE, now=DEADLINE - 6 * H) == 6 * H


@given(st.integers(min_value=0, max_value=72 * 60))
def test_a_reminder_is_never_due_before_its_moment(minutes):
    now = OPENED + timedelta(minutes=minutes)
    offset = due_reminder(opened_at=OPENED, deadline=DEADLINE, now=now)
    if offset is not None:
        assert DEADLINE - offset <= now < DEADLINE


def test_escalation_after_its_delay():
    assert not escalation_due(overdue_since=OPENED, delay=2 * H, now=OPENED + 2 * H - H / 60)
    assert escalation_due(overdue_since=OPENED, delay=2 * H, now=OPENED + 2 * H)


def test_retries_double_cap_at_an_hour_and_stop_after_24_hours():
    base = timedelta(seconds=30)
    delays = [
        next_attempt(attempts=n, first_attempt_at=OPENED, now=OPENED, base=base) for n in (1, 2, 3)
    ]
    assert [d - OPENED for d in delays] == [base, 2 * base, 4 * base]  # type: ignore[operator]
    assert next_attempt(attempts=30, first_attempt_at=OPENED, now=OPENED, base=base) == OPENED + H
    late = OPENED + RETRY_WINDOW - timedelta(minutes=10)
    assert next_attempt(attempts=30, first_attempt_at=OPENED, now=late, base=base) is None
    assert next_attempt(attempts=10**6, first_attempt_at=OPENED, now=OPENED, base=base)


def test_the_digest_goes_at_seven_in_the_recipients_time_zone():
    # 09:00 UTC is 14:00 in Tashkent: the next digest is 07:00 Tashkent tomorrow (02:00 UTC).
    assert next_digest(OPENED, "Asia/Tashkent") == datetime(2021, 7, 13, 2, 0, tzinfo=UTC)
    assert next_digest(OPENED, "UTC") == datetime(2021, 7, 13, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("visibility", "clearance", "full"),
    [
        (Visibility.MEMBERS, Clearance.SUMMARY, True),
        (Visibility.PARTICIPANTS, Clearance.SUMMARY, True),
        (Visibility.RESTRICTED, Clearance.SUMMARY, False),
        (Visibility.DELEGATION, Clearance.SUMMARY, False),
        (Visibility.RESTRICTED, Clearance.FULL, True),
    ],
)
def test_a_summary_channel_never_carries_a_confined_text(visibility, clearance, full):
    assert carries_full_text(clearance, Audience(visibility, states=frozenset({"KAZ"}))) is full


def test_a_duty_officer_cannot_defer_or_silence_the_hotline():
    for mode in (Mode.OFF, Mode.DIGEST):
        with pytest.raises(InvalidInput, match="cannot be set to"):
            check_choice(Trigger.HOTLINE, mode, is_duty_officer=True, is_head=False)
    check_choice(Trigger.HOTLINE, Mode.OFF, is_duty_officer=False, is_head=False)
    check_choice(Trigger.REVISION_ISSUED, Mode.OFF, is_duty_officer=True, is_head=True)
    assert effective_mode(Trigger.HOTLINE, Mode.OFF, is_duty_officer=True, is_head=False) is (
        Mode.IMMEDIATE
    )
    assert effective_mode(Trigger.FLOOR_GIVEN, None, is_duty_officer=False, is_head=False) is (
        Mode.IMMEDIATE
    )


def test_a_signature_verifies_with_its_secret_only():
    secret = new_secret()
    body = b'{"type":"accord.hotline"}'
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": "1626339600",
        "webhook-signature": sign(secret, "msg_1", 1626339600, body),
    }
    verify(secret, headers, body, now=1626339600)
    with pytest.raises(SignatureMismatch):
        verify(new_secret(), headers, body, now=1626339600)
    with pytest.raises(SignatureMismatch):
        verify(secret, headers, body + b" ", now=1626339600)
    with pytest.raises(SignatureMismatch):
        verify(secret, {**headers, "webhook-id": "msg_2"}, body, now=1626339600)


def test_the_standard_webhooks_test_vector():
    # From the Standard Webhooks specification's reference libraries.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.mark.parametrize(
    ("url", "described", "tls", "ssl", "user", "password"),
    [
        ("smtp://mail.example.org", "smtp://mail.example.org:25", False, False, "", ""),
        (
            "smtp+tls://a%40b.org:p%2Fw@mail.example.org",
            "smtp+tls://a@b.org@mail.example.org:587",
            True,
            False,
            "a@b.org",
            "p/w",
        ),
        ("smtps://mail.example.org:2465", "smtps://mail.example.org:2465", False, True, "", ""),
    ],
)
def test_the_email_url(url, described, tls, ssl, user, password):
    config = parse_email_url(url)
    assert (config.describe(), config.use_tls, config.use_ssl) == (described, tls, ssl)
    assert (config.username, config.password) == (user, password)
    assert "p/w" not in config.describe()


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://host:notaport"])
def test_a_bad_email_url_is_refused_with_a_sentence(url):
    with pytest.raises(InvalidInput, match="ACCORD_EMAIL_URL"):
        parse_email_url(url)


def test_console_email_url():
    assert parse_email_url("console://").describe() == "console"
