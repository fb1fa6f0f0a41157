import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.site.settings")
django_application = get_asgi_application()

from accord.site.limits import guard_body_size  # noqa: E402 - needs the settings loaded

# A body past the limit is refused before Django reads it (it would spool it all first).
application = guard_body_size(django_application)
