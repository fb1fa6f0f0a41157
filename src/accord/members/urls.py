from django.urls import path

from accord.members import account_views, passkey_views, signing_key_views, views

app_name = "members"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-in/passkey/", passkey_views.sign_in_passkey, name="sign-in-passkey"),
    path("sign-in/enrol/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", account_views.account_page, name="account"),
    path("account/password/", account_views.change_password, name="password"),
    path("account/two-factor/", account_views.two_factor, name="two-factor"),
    path("account/sessions/sign-out/", account_views.sign_out_elsewhere, name="sign-out-elsewhere"),
    path(
        "account/passkeys/<str:public_id>/remove/",
        passkey_views.remove_passkey,
        name="remove-passkey",
    ),
    path("account/passkeys-fallback/", passkey_views.totp_fallback, name="totp-fallback"),
    path("account/signing-key/", signing_key_views.signing_key, name="signing-key"),
    path("account/tokens/<str:prefix>/revoke/", views.revoke_token, name="revoke-token"),
]
