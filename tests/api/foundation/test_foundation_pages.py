"""The web pages: sign-in with the TOTP step, enrolment with a QR code and recovery codes,
the home page in three languages, CSRF on session writes, and the security headers."""

from __future__ import annotations

import base64
import subprocess
import sys
from types import SimpleNamespace

import pyotp
import pytest
from django.test import Client

from accord.members import services
from accord.members.models import ApiToken, RecoveryCode, SigningKey, User
from accord.site.middleware import POLICY

PASSWORD = "correct horse battery staple"  # the region fixture's password
NOW = 1_900_000_005.0
REFUSED = "Those sign-in details are not valid."


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(services, "time", SimpleNamespace(time=lambda: NOW))


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_sign_in_page_has_its_form(db, client):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_delegate_signs_in_with_a_password_and_sees_the_home_page(region, client):
    response = sign_in(client, "kgz-delegate")
    assert (response.status_code, response["Location"]) == (302, "/")
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Delegation of Kyrgyzstan" in html
    assert "Member states" in html


def test_a_wrong_password_on_the_page_is_refused(region, client):
    response = sign_in(client, "kgz-delegate", "wrong")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not is_signed_in(client)


def test_the_home_page_needs_a_signed_in_user(db, client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/")


def test_a_head_gives_the_totp_code_after_the_password(region, client, clock):
    head = region.head("KGZ")
    secret = services.begin_two_factor_enrolment(user=head)
    totp = pyotp.TOTP(secret)
    services.confirm_two_factor(user=head, code=totp.at(NOW - 30))
    response = sign_in(client, "kgz-head")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/code/")
    assert not is_signed_in(client)
    assert client.get("/")["Location"] == "/sign-in/?next=/"
    page = client.get("/sign-in/code/")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    wrong = client.post("/sign-in/code/", {"code": "000000" if totp.at(NOW) != "000000" else "1"})
    assert REFUSED in wrong.content.decode()
    assert not is_signed_in(client)
    done = client.post("/sign-in/code/", {"code": totp.at(NOW)})
    assert (done.status_code, done["Location"]) == (302, "/")
    assert client.get("/").status_code == 200


def test_a_head_without_two_factor_enrols_with_a_qr_code_then_sees_recovery_codes(
    region, client, clock
):
    response = sign_in(client, "tjk-head")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/enrol/")
    page = client.get("/sign-in/enrol/")
    assert page.status_code == 200
    html = page.content.decode()
    head = User.objects.get(username="tjk-head")
    assert head.totp_secret
    assert "<svg" in html
    assert head.totp_secret in html
    assert not is_signed_in(client)
    done = client.post("/sign-in/enrol/", {"code": pyotp.TOTP(head.totp_secret).at(NOW)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in done.content.decode()
    assert RecoveryCode.objects.filter(user=head).count() == 10
    head.refresh_from_db()
    assert head.has_two_factor
    assert is_signed_in(client)
    assert client.get("/").status_code == 200


def test_a_head_whose_session_skipped_the_second_factor_is_bounced(region):
    client = Client()
    client.force_login(region.head("UZB"))
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/")
    assert not is_signed_in(client)
    # The same weak session cannot use the API either.
    client.force_login(region.head("UZB"))
    assert client.get("/api/v1/me").status_code == 401


# --- languages -------------------------------------------------------------------------------


def home_in(region, language: str) -> str:
    client = Client()
    client.force_login(region.delegate("KGZ"))
    client.cookies["django_language"] = language
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_in_english(region):
    html = home_in(region, "en")
    assert '<html lang="en">' in html
    assert "Kyrgyzstan" in html
    assert "What is new" in html


def test_the_home_page_in_chinese_names_the_states_in_chinese(region):
    html = home_in(region, "zh-hans")
    assert '<html lang="zh-hans">' in html
    assert "吉尔吉斯斯坦" in html


def test_the_home_page_in_chinese_is_translated(region):
    html = home_in(region, "zh-hans")
    assert "What is new" not in html
    assert "Member states" not in html


def test_the_home_page_in_russian_names_the_states_in_russian(region):
    html = home_in(region, "ru")
    assert '<html lang="ru">' in html
    assert "Кыргызстан" in html


def test_the_home_page_in_russian_is_translated(region):
    html = home_in(region, "ru")
    assert "What is new" not in html
    assert "Member states" not in html


def test_the_language_switch_sets_the_language(region, client):
    client.force_login(region.delegate("KGZ"))
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.cookies["django_language"].value == "ru"
    assert '<html lang="ru">' in client.get("/").content.decode()


# --- CSRF -----------------------------------------------------------------------------------


def ed25519_key() -> str:
    return base64.b64encode(
        bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    ).decode()


def test_a_session_post_to_the_api_without_csrf_is_refused_and_nothing_changes(region):
    client = Client(enforce_csrf_checks=True)
    client.force_login(region.secretariat)
    refused = client.post(
        "/api/v1/members/KAZ/keys", {"public_key": ed25519_key()}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert SigningKey.objects.count() == 0
    client.get("/")  # a page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/members/KAZ/keys",
        {"public_key": ed25519_key()},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201
    assert SigningKey.objects.count() == 1


def test_a_page_post_without_csrf_is_refused_and_nothing_changes(region):
    client = Client(enforce_csrf_checks=True)
    client.force_login(region.delegate("KGZ"))
    before = ApiToken.objects.count()
    assert client.post("/account/", {"label": "laptop"}).status_code == 403
    assert ApiToken.objects.count() == before
    client.get("/account/")
    token = client.cookies["csrftoken"].value
    response = client.post("/account/", {"label": "laptop", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert ApiToken.objects.count() == before + 1


def test_the_sign_in_form_needs_its_csrf_token(region):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "kgz-delegate").status_code == 403
    assert not is_signed_in(client)


# --- security headers -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sign-in/", "/healthz", "/api/v1/members"])
def test_every_response_carries_the_security_headers(db, client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == POLICY
    assert "frame-ancestors 'none'" in POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_hsts_is_sent_only_over_tls(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    assert "Strict-Transport-Security" not in client.get("/sign-in/")
    secure = client.get("/sign-in/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_is_off_when_the_site_is_not_served_over_tls(db, settings):
    settings.SECURE_HSTS_SECONDS = 0
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    assert "Strict-Transport-Security" not in Client().get("/sign-in/", secure=True)


@pytest.mark.parametrize(
    ("flag", "expected"), [("1", "31536000 True True"), ("0", "0 False False")]
)
def test_accord_tls_sets_hsts_and_secure_cookies(tmp_path, flag, expected):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "accord.site.settings",
        "ACCORD_DATA_DIR": str(tmp_path),
        "ACCORD_SECRET_KEY": "test",
        "ACCORD_TLS": flag,
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert out.strip() == expected
