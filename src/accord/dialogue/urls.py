from django.urls import path

from accord.dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/raise/", views.concern_raise, name="concern-raise"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
    path("concerns/<int:pk>/co-sponsor/", views.concern_co_sponsor, name="concern-co-sponsor"),
    path("concerns/<int:pk>/move/", views.concern_move, name="concern-move"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/convene/", views.meeting_convene, name="meeting-convene"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting-agenda"),
    path("meetings/<int:pk>/speakers/", views.meeting_speakers, name="meeting-speakers"),
    path(
        "meetings/<int:pk>/interventions/",
        views.meeting_interventions,
        name="meeting-interventions",
    ),
    path("meetings/<int:pk>/agenda/add/", views.agenda_add, name="agenda-add"),
    path("meetings/<int:pk>/agenda/adopt/", views.agenda_adopt, name="agenda-adopt"),
    path("meetings/<int:pk>/floor/", views.floor_request, name="floor-request"),
    path("meetings/<int:pk>/floor/<int:request_id>/give/", views.floor_give, name="floor-give"),
    path("meetings/<int:pk>/speak/", views.speak, name="speak"),
    path("meetings/<int:pk>/documents/", views.document_attach, name="document-attach"),
    path("meetings/<int:pk>/summary/", views.meeting_summary, name="meeting-summary"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_calendar, name="meeting-calendar"),
    path("bilaterals/", views.bilateral_list, name="bilaterals"),
    path("bilaterals/request/", views.bilateral_request, name="bilateral-request"),
    path("bilaterals/<int:pk>/accept/", views.bilateral_accept, name="bilateral-accept"),
    path("bilaterals/<int:pk>/decline/", views.bilateral_decline, name="bilateral-decline"),
    path("search/", views.search, name="search"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
