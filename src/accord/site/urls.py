from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from accord.events.views import events
from accord.site import views
from accord.site.api import api
from accord.site.discovery import app_modules
from accord.site.observability import metrics_view
from accord.site.time_zones import choose as choose_time_zone

admin.site.site_header = "Accord administration"
admin.site.site_title = "Accord"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is an SVG among the statics.
    path("favicon.ico", RedirectView.as_view(url=static("accord/favicon.svg"), permanent=True)),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/events", events, name="events"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("time-zone/", choose_time_zone, name="time-zone"),
    path("", include("accord.members.urls")),
    path("", include(([path("", views.home, name="home")], "site"))),
]

# Apps with pages add them here; each app's `urls` module has an `app_name`.
for module in app_modules("urls"):
    if module.__name__ != "accord.members.urls":
        urlpatterns.append(path("", include(module.__name__)))
