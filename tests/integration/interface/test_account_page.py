"""The account page: change the password (other sessions end), set up and turn off two-factor
sign-in where the role allows, renew the recovery codes (one-time, stored hashed), list the
sessions and sign out everywhere else. Each refusal changes nothing."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from accord.members import account
from accord.members.models import RecoveryCode, User
from accord.members.sign_in import SESSION_VERIFIED_KEY

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a longer passphrase for the ministry"


def _signed_in(user: User, agent: str = "Chromium test") -> Client:
    client = Client(headers={"user-agent": agent})
    assert client.login(username=user.username, password=PASSWORD)
    session = client.session
    session[SESSION_VERIFIED_KEY] = True
    session[account.SIGNED_IN_AT_KEY] = "2026-12-01T10:00:00+00:00"
    session[account.AGENT_KEY] = agent
    session.save()
    return client


def _with_app(user: User) -> pyotp.TOTP:
    from django.utils import timezone

    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return pyotp.TOTP(user.totp_secret)


def test_the_account_page_offers_password_two_factor_sessions_and_tokens(region):
    page = _signed_in(region.delegate("KAZ")).get("/account/").content.decode()
    parts = ['href="/account/password/"', 'href="/account/two-factor/"', "this session"]
    parts += ['action="/account/sessions/sign-out/"', "Create a token"]
    for part in parts:
        assert part in page


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(region):
    delegate = region.delegate("KAZ")
    here, elsewhere = _signed_in(delegate), _signed_in(delegate, "Other laptop")
    wrong = here.post("/account/password/", {"old_password": "nope",
                      "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})  # fmt: skip
    assert wrong.status_code == 200 and "error-summary" in wrong.content.decode()
    delegate.refresh_from_db()
    assert delegate.check_password(PASSWORD)
    done = here.post("/account/password/", {"old_password": PASSWORD,
                     "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})  # fmt: skip
    assert done.status_code == 302 and done["Location"] == "/account/"
    delegate.refresh_from_db()
    assert delegate.check_password(NEW_PASSWORD)
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302  # sent to sign in


def test_a_delegate_sets_up_two_factor_and_sees_recovery_codes_once(region):
    delegate = region.delegate("KGZ")
    client = _signed_in(delegate)
    page = client.get("/account/two-factor/").content.decode()
    delegate.refresh_from_db()
    assert "<svg" in page and delegate.totp_secret in page and not delegate.has_two_factor
    code = pyotp.TOTP(delegate.totp_secret).now()
    shown = client.post("/account/two-factor/", {"action": "confirm", "confirm-code": code})
    delegate.refresh_from_db()
    assert delegate.has_two_factor
    stored = list(RecoveryCode.objects.filter(user=delegate).values_list("code_hash", flat=True))
    assert len(stored) == 10
    text = shown.content.decode()
    assert all(h not in text for h in stored)  # the page shows the codes, the database only hashes


def test_new_recovery_codes_replace_the_old_and_each_works_once(region):
    from accord.members import services

    delegate = region.delegate("KGZ")
    app = _with_app(delegate)
    old = services._replace_recovery_codes(delegate)
    client = _signed_in(delegate)
    refused = client.post("/account/two-factor/", {"action": "renew", "renew-code": "000000"})
    assert "That code is not valid." in refused.content.decode()
    assert services.use_second_factor(user=delegate, code=old[0])  # the old ones still work
    client.post("/account/two-factor/", {"action": "renew", "renew-code": app.now()})
    assert not services.use_second_factor(user=delegate, code=old[1])
    codes = RecoveryCode.objects.filter(user=delegate, used_at__isnull=True)
    assert codes.count() == 10


def test_a_head_cannot_turn_off_two_factor_and_nothing_changes(region):
    head = region.head("KAZ")
    app = _with_app(head)
    client = _signed_in(head)
    page = client.get("/account/two-factor/").content.decode()
    assert "cannot be turned off" in page and 'value="turn_off"' not in page
    response = client.post(
        "/account/two-factor/", {"action": "turn_off", "turn_off-code": app.now()}
    )
    assert response.status_code == 200
    head.refresh_from_db()
    assert head.has_two_factor


def test_a_delegate_turns_off_two_factor_with_a_current_code(region):
    delegate = region.delegate("UZB")
    app = _with_app(delegate)
    client = _signed_in(delegate)
    client.post("/account/two-factor/", {"action": "turn_off", "turn_off-code": "123456"})
    delegate.refresh_from_db()
    assert delegate.has_two_factor
    response = client.post(
        "/account/two-factor/", {"action": "turn_off", "turn_off-code": app.now()}
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert not delegate.has_two_factor and not RecoveryCode.objects.filter(user=delegate).exists()


def test_sign_out_everywhere_else_ends_the_other_sessions_only(region):
    delegate = region.delegate("TJK")
    here = _signed_in(delegate)
    laptop, phone = _signed_in(delegate, "Laptop"), _signed_in(delegate, "Phone")
    other = _signed_in(region.delegate("KAZ"))
    page = here.get("/account/").content.decode()
    assert "Laptop" in page and "Phone" in page
    assert here.post("/account/sessions/sign-out/").status_code == 302
    assert here.get("/account/").status_code == 200
    assert laptop.get("/account/").status_code == phone.get("/account/").status_code == 302
    assert other.get("/account/").status_code == 200  # someone else's session is untouched
    assert len(account.sessions_of(delegate, None)) == 1


@pytest.mark.parametrize("path", ["/account/password/", "/account/two-factor/"])
def test_the_account_pages_need_a_signed_in_person(db, path):
    assert Client().get(path).status_code == 302
