from django.urls import path

from accord.notifications import conversation_views, views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/new/", views.notification_new, name="new"),
    path("notifications/new/<slug:key>/", views.notification_compose, name="compose"),
    path("notifications/export.json", views.export_json, name="export-json"),
    path("notifications/export.ics", views.export_ics, name="export-ics"),
    path("notifications/<ntf:notification_id>/", views.notification_detail, name="detail"),
    path(
        "notifications/<ntf:notification_id>/acknowledge/",
        views.notification_acknowledge,
        name="acknowledge",
    ),
    path("notifications/<ntf:notification_id>/reply/", views.notification_reply, name="reply"),
    path(
        "notifications/<ntf:notification_id>/meeting/",
        views.notification_meeting,
        name="meeting",
    ),
    path(
        "notifications/<ntf:notification_id>/convene/",
        views.notification_convene,
        name="convene",
    ),
    path("duty/", views.duty, name="duty"),
    path("duty/panel/", views.duty_panel, name="duty-panel"),
    path("hotline/", conversation_views.hotline_page, name="hotline"),
    path("hotline/with/<str:code>/", conversation_views.hotline_thread, name="hotline-thread"),
    path(
        "hotline/counterparts/",
        conversation_views.hotline_counterparts,
        name="hotline-counterparts",
    ),
    path("hotline/indicator/", conversation_views.hotline_indicator, name="hotline-indicator"),
    path("hotline/<hot:message_id>/read/", views.hotline_read, name="hotline-read"),
]
