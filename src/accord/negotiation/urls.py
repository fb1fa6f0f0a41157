from django.urls import path

from accord.negotiation import adoption_console, publication_views, views

app_name = "negotiation"

urlpatterns = [
    path("documents/", views.document_list, name="documents"),
    path("documents/new/", views.new_document, name="new"),
    path("documents/<doc:document_id>/", views.document_page, name="document"),
    path(
        "documents/<doc:document_id>/revisions/<int:number>/",
        views.revision_page,
        name="revision",
    ),
    path("documents/<doc:document_id>/redline/", views.redline_page, name="redline"),
    path("documents/<doc:document_id>/amendments/", views.propose, name="propose"),
    path(
        "documents/<doc:document_id>/amendments/<str:code>/<str:action>/",
        views.amendment_action,
        name="amendment-action",
    ),
    path("documents/<doc:document_id>/revisions/", views.issue_revision, name="issue-revision"),
    path("documents/<doc:document_id>/adoption/", views.open_adoption, name="open-adoption"),
    path("documents/<doc:document_id>/adoption/act/", views.adoption_act, name="act"),
    path(
        "documents/<doc:document_id>/adoption/console/", adoption_console.console, name="adoption"
    ),
    path(
        "documents/<doc:document_id>/adoption/confirm/",
        adoption_console.confirm,
        name="adoption-confirm",
    ),
    path(
        "documents/<doc:document_id>/chairs-statement/",
        views.chairs_statement,
        name="chairs-statement",
    ),
    path("documents/<doc:document_id>/sign/", publication_views.sign_page, name="sign"),
    path("documents/<doc:document_id>/bundle.json", publication_views.bundle, name="bundle"),
    path("documents/<doc:document_id>/export/<str:fmt>/", publication_views.export, name="export"),
    path("public/documents/<doc:document_id>/", publication_views.public_page, name="public"),
    path(
        "public/documents/<doc:document_id>/bundle.json",
        publication_views.public_bundle,
        name="public-bundle",
    ),
    path(
        "public/documents/<doc:document_id>/export/<str:fmt>/",
        publication_views.public_export,
        name="public-export",
    ),
]
