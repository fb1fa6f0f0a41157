from django.urls import path

from accord.mediator import views

app_name = "mediator"

urlpatterns = [
    path(
        "mediator/consultations/<cons:consultation_id>/",
        views.consultation_page,
        name="consultation",
    ),
    path(
        "mediator/documents/<doc:document_id>/paragraphs/<int:paragraph_id>/",
        views.paragraph_page,
        name="paragraph",
    ),
    path(
        "mediator/documents/<doc:document_id>/paragraphs/<int:paragraph_id>/suggestions/"
        "<int:rank>/amendment/",
        views.propose_amendment,
        name="amendment",
    ),
]
