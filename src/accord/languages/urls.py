from django.urls import path

from accord.languages import views

app_name = "languages"

urlpatterns = [
    path("documents/<doc:document_id>/versions/", views.versions_page, name="versions"),
    path(
        "documents/<doc:document_id>/versions/verify/", views.verify_version, name="verify"
    ),
]
