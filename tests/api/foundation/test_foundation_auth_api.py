"""`POST /api/v1/auth/token`: passwords, the second factor for heads and the chair,
throttling, replay, recovery codes, and tokens that expire or are revoked."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pyotp
import pytest

from accord.ledger.models import LedgerEntry
from accord.members import services
from accord.members.models import ApiToken, RecoveryCode, SignInFailure, User

PASSWORD = "correct horse battery staple"  # the region fixture's password

# A fixed clock in the middle of a 30-second TOTP step, so no test straddles two steps.
NOW = 1_900_000_005.0
REFUSED = {"detail": "Those sign-in details are not valid.", "code": "not_signed_in"}
NOT_SIGNED_IN = {"detail": "Not signed in.", "code": "not_signed_in"}
THROTTLED = {
    "detail": "Too many failed sign-ins. Wait a few minutes and try again.",
    "code": "throttled",
}


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(services, "time", SimpleNamespace(time=lambda: NOW))


def enrol(user: User) -> tuple[pyotp.TOTP, list[str]]:
    """Set up TOTP for `user`, confirming with the previous step's code (clock drift)."""
    secret = services.begin_two_factor_enrolment(user=user)
    totp = pyotp.TOTP(secret)
    codes = services.confirm_two_factor(user=user, code=totp.at(NOW - 30))
    return totp, codes


def ask_token(client, username, password=PASSWORD, otp=None):
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    return client.post("/api/v1/auth/token", body, content_type="application/json")


def counts() -> tuple[int, int]:
    return ApiToken.objects.count(), LedgerEntry.objects.count()


def test_the_right_password_gives_a_delegate_a_working_token(region, client):
    response = ask_token(client, "kgz-delegate")
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("acc_")
    assert body["prefix"] == body["token"][:10]
    stored = ApiToken.objects.get(user__username="kgz-delegate")
    assert stored.token_hash != body["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert me.status_code == 200
    assert me.json()["username"] == "kgz-delegate"


@pytest.mark.parametrize(
    ("username", "password"),
    [("kgz-delegate", "wrong"), ("nobody", PASSWORD), ("KGZ-DELEGATE-X", "wrong")],
)
def test_a_wrong_password_or_user_gets_the_same_refusal_and_no_token(
    region, client, username, password
):
    before = counts()
    response = ask_token(client, username, password)
    assert (response.status_code, response.json()) == (401, REFUSED)
    assert counts() == before


def test_a_head_needs_the_code_and_a_wrong_part_is_never_named(region, client, clock):
    totp, _ = enrol(region.head("KGZ"))
    before = counts()
    refusals = [
        ask_token(client, "kgz-head"),  # no code
        ask_token(client, "kgz-head", otp="000000" if totp.at(NOW) != "000000" else "111111"),
        ask_token(client, "kgz-head", password="wrong", otp=totp.at(NOW)),
    ]
    assert [(r.status_code, r.json()) for r in refusals] == [(401, REFUSED)] * 3
    assert counts() == before
    response = ask_token(client, "kgz-head", otp=totp.at(NOW))
    assert response.status_code == 201
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.json()["two_factor"] is True


def test_the_chair_needs_the_code_too(region, client, clock):
    totp, _ = enrol(region.chair)
    assert ask_token(client, "chair").status_code == 401
    response = ask_token(client, "chair", otp=totp.at(NOW))
    assert response.status_code == 201


def test_a_head_without_two_factor_is_sent_to_set_it_up(region, client):
    before = counts()
    response = ask_token(client, "kgz-head")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Set up two-factor sign-in on the web first.", "code": "two_factor_required"},
    )
    assert counts() == before


def test_a_code_cannot_be_replayed(region, client, clock):
    totp, _ = enrol(region.head("TJK"))
    code = totp.at(NOW)
    assert ask_token(client, "tjk-head", otp=code).status_code == 201
    before = counts()
    replay = ask_token(client, "tjk-head", otp=code)
    assert (replay.status_code, replay.json()) == (401, REFUSED)
    assert counts() == before
    # The next step's code (one step of drift is allowed) still works once.
    assert ask_token(client, "tjk-head", otp=totp.at(NOW + 30)).status_code == 201


def test_the_confirming_code_cannot_be_used_to_sign_in(region, client, clock):
    totp, _ = enrol(region.head("TJK"))
    assert ask_token(client, "tjk-head", otp=totp.at(NOW - 30)).status_code == 401


def test_a_recovery_code_works_once(region, client, clock):
    _, codes = enrol(region.head("UZB"))
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert ask_token(client, "uzb-head", otp=codes[3]).status_code == 201
    assert (
        RecoveryCode.objects.filter(user__username="uzb-head", used_at__isnull=False).count() == 1
    )
    assert LedgerEntry.objects.latest("seq").action == "token.issued"
    assert LedgerEntry.objects.filter(action="two_factor.recovery_code_used").count() == 1
    again = ask_token(client, "uzb-head", otp=codes[3])
    assert (again.status_code, again.json()) == (401, REFUSED)
    assert ask_token(client, "uzb-head", otp=codes[4].upper()).status_code == 201


def test_repeated_failures_throttle_even_the_right_password(region, client, settings):
    settings.ACCORD_SIGN_IN_MAX_FAILURES = 3
    for _ in range(3):
        assert ask_token(client, "kgz-delegate", "wrong").status_code == 401
    before = counts()
    response = ask_token(client, "kgz-delegate")
    assert (response.status_code, response.json()) == (429, THROTTLED)
    assert counts() == before
    # Another account from the same address is not yet throttled.
    assert ask_token(client, "tjk-delegate").status_code == 201


def test_wrong_codes_count_towards_throttling(region, client, settings, clock):
    settings.ACCORD_SIGN_IN_MAX_FAILURES = 2
    totp, _ = enrol(region.head("KGZ"))
    wrong = "123456" if totp.at(NOW) != "123456" else "654321"
    assert ask_token(client, "kgz-head", otp=wrong).status_code == 401
    assert ask_token(client, "kgz-head", otp=wrong).status_code == 401
    response = ask_token(client, "kgz-head", otp=totp.at(NOW))
    assert (response.status_code, response.json()) == (429, THROTTLED)
    assert ApiToken.objects.filter(user__username="kgz-head").count() == 0


def test_a_full_sign_in_clears_earlier_failures(region, client, settings):
    settings.ACCORD_SIGN_IN_MAX_FAILURES = 3
    ask_token(client, "kgz-delegate", "wrong")
    ask_token(client, "kgz-delegate", "wrong")
    assert SignInFailure.objects.filter(username="kgz-delegate").count() == 2
    assert ask_token(client, "kgz-delegate").status_code == 201
    assert SignInFailure.objects.filter(username="kgz-delegate").count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "username"),
        ({"username": "kgz-delegate"}, "password"),
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "kgz-delegate", "password": PASSWORD, "otp": "1" * 21}, "otp"),
    ],
)
def test_malformed_sign_in_fields_are_422_naming_the_field(region, client, body, field):
    before = counts()
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert counts() == before


def test_an_expired_token_is_refused(region, client):
    _, raw = services.issue_api_token(user=region.delegate("KAZ"), lifetime=timedelta(seconds=-1))
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert (response.status_code, response.json()) == (401, NOT_SIGNED_IN)


def test_a_revoked_token_is_refused(region, client):
    token, raw = services.issue_api_token(user=region.delegate("KAZ"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/me", **auth).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token.prefix}", **auth).status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get("/api/v1/me", **auth)
    assert (response.status_code, response.json()) == (401, NOT_SIGNED_IN)


def test_nobody_revokes_someone_elses_token(region, api):
    token, _ = services.issue_api_token(user=region.delegate("KAZ"))
    response = api(region.delegate("TJK")).delete(f"/api/v1/auth/tokens/{token.prefix}")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unknown_or_missing_token_is_refused(region, client):
    for headers in ({"HTTP_AUTHORIZATION": "Bearer acc_nonsense"}, {}):
        response = client.get("/api/v1/me", **headers)
        assert (response.status_code, response.json()) == (401, NOT_SIGNED_IN)
