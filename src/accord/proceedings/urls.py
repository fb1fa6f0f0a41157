from django.urls import path

from . import views, wording_views

app_name = "proceedings"
urlpatterns = [
    path("meetings/<mtg:pk>/console/", views.console, name="console"),
    path("meetings/<mtg:pk>/console/floor/", views.console_floor, name="console-floor"),
    path("meetings/<mtg:pk>/console/inscribe/", views.inscribe, name="inscribe"),
    path("meetings/<mtg:pk>/console/give/", views.give, name="give"),
    path("meetings/<mtg:pk>/console/close/", views.close, name="close"),
    path("meetings/<mtg:pk>/console/announce/", views.announce, name="announce"),
    path("meetings/<mtg:pk>/record/", views.record_page, name="record"),
    path("meetings/<mtg:pk>/record.md", views.record_markdown, name="record-md"),
    path("meetings/<mtg:pk>/record/issue/", views.record_issue, name="record-issue"),
    path("meetings/<mtg:pk>/record/correct/", views.record_correct, name="record-correct"),
    path("meetings/<mtg:pk>/record/approve/", views.record_approve, name="record-approve"),
    path("documents/<doc:pk>/implementation/", views.matrix_page, name="matrix"),
    path("documents/<doc:pk>/implementation.csv", views.matrix_csv, name="matrix-csv"),
    path("documents/<doc:pk>/implementation.pdf", views.matrix_pdf, name="matrix-pdf"),
    path("documents/<doc:pk>/implementation/add/", views.commitment_add, name="commitment-add"),
    path(
        "documents/<doc:pk>/implementation/<cmt:commitment_id>/",
        views.commitment_update,
        name="commitment-update",
    ),
    path("documents/<doc:pk>/wordings/", wording_views.wordings_page, name="wordings"),
    path(
        "documents/<doc:pk>/wordings/propose/",
        wording_views.wording_propose,
        name="wording-propose",
    ),
    path(
        "documents/<doc:pk>/wordings/<wrd:wording_id>/bring-in/",
        wording_views.wording_bring_in,
        name="wording-bring-in",
    ),
    path("chair/handover/", views.handover_page, name="handover"),
    path("chair/handover/write/", views.handover_write, name="handover-write"),
    path("rules/", views.rules_page, name="rules"),
]
