from django.urls import path

from accord.dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("concerns/", views.concern_list, name="concerns"),
    path("concerns/raise/", views.concern_raise, name="concern-raise"),
    path("concerns/<con:pk>/", views.concern_detail, name="concern"),
    path("concerns/<con:pk>/co-sponsor/", views.concern_co_sponsor, name="concern-co-sponsor"),
    path("concerns/<con:pk>/move/", views.concern_move, name="concern-move"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/convene/", views.meeting_convene, name="meeting-convene"),
    path("meetings/<mtg:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<mtg:pk>/agenda/", views.meeting_agenda, name="meeting-agenda"),
    path("meetings/<mtg:pk>/speakers/", views.meeting_speakers, name="meeting-speakers"),
    path(
        "meetings/<mtg:pk>/interventions/",
        views.meeting_interventions,
        name="meeting-interventions",
    ),
    path("meetings/<mtg:pk>/agenda/add/", views.agenda_add, name="agenda-add"),
    path("meetings/<mtg:pk>/agenda/adopt/", views.agenda_adopt, name="agenda-adopt"),
    path("meetings/<mtg:pk>/floor/", views.floor_request, name="floor-request"),
    path("meetings/<mtg:pk>/floor/<flr:request_id>/give/", views.floor_give, name="floor-give"),
    path("meetings/<mtg:pk>/speak/", views.speak, name="speak"),
    path("meetings/<mtg:pk>/documents/", views.document_attach, name="document-attach"),
    path("meetings/<mtg:pk>/summary/", views.meeting_summary, name="meeting-summary"),
    path("meetings/<mtg:pk>/calendar.ics", views.meeting_calendar, name="meeting-calendar"),
    path("bilaterals/", views.bilateral_list, name="bilaterals"),
    path("bilaterals/request/", views.bilateral_request, name="bilateral-request"),
    path("bilaterals/<bil:pk>/accept/", views.bilateral_accept, name="bilateral-accept"),
    path("bilaterals/<bil:pk>/decline/", views.bilateral_decline, name="bilateral-decline"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
