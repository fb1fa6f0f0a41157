from django.urls import path

from accord.members import signing_key_views, views

app_name = "members"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-in/enrol/", views.enrol, name="enrol"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/signing-key/", signing_key_views.signing_key, name="signing-key"),
    path("account/tokens/<str:prefix>/revoke/", views.revoke_token, name="revoke-token"),
]
