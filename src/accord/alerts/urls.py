from django.urls import path

from accord.alerts import views

app_name = "alerts"

urlpatterns = [
    path("account/alerts/", views.contacts, name="contacts"),
    path("account/alerts/preference/", views.preference, name="preference"),
    path("account/alerts/<str:channel_id>/verify/", views.verify, name="verify"),
    path("account/alerts/<str:channel_id>/remove/", views.remove, name="remove"),
]
