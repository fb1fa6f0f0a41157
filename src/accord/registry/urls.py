from django.urls import path

from accord.registry import views

app_name = "registry"

urlpatterns = [
    path("register/", views.register_page, name="register"),
]
