from django.urls import path

from accord.languages import views

app_name = "languages"

urlpatterns = [
    path("documents/<int:document_id>/versions/", views.versions_page, name="versions"),
]
