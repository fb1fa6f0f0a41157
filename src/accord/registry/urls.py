from django.urls import path

from accord.registry import views

app_name = "registry"

urlpatterns = [
    path("register/", views.register_page, name="register"),
    path(
        "documents/<doc:document_id>/agreed-language/",
        views.agreed_language_page,
        name="agreed-language",
    ),
]
