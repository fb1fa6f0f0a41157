from django.urls import path

from accord.consultations import views

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/<cons:consultation_id>/", views.consultation_page, name="detail"),
    path("consultations/<cons:consultation_id>/vote/", views.vote, name="vote"),
    path("consultations/<cons:consultation_id>/statements/", views.submit, name="submit"),
    path(
        "consultations/<cons:consultation_id>/statements/<int:number>/moderate/",
        views.moderate,
        name="moderate",
    ),
    path("consultations/<cons:consultation_id>/map/", views.opinion_map, name="map"),
]
