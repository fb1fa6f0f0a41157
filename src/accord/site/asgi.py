import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.site.settings")
django_application = get_asgi_application()

from django.conf import settings  # noqa: E402 - needs the settings loaded

from accord.events import stream_app  # noqa: E402
from accord.site.limits import guard_body_size  # noqa: E402
from accord.site.middleware import PERMISSIONS, POLICY  # noqa: E402


def response_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    """The headers the middleware puts on every response (SecurityMiddleware, the content
    security policy, XFrameOptionsMiddleware), for the event stream answered before it."""
    found = [
        (b"content-security-policy", POLICY.encode()),
        (b"permissions-policy", PERMISSIONS.encode()),
        (b"x-frame-options", settings.X_FRAME_OPTIONS.encode()),
    ]
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        found.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        found.append((b"referrer-policy", settings.SECURE_REFERRER_POLICY.encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        policy = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode()
        found.append((b"cross-origin-opener-policy", policy))
    if secure and settings.SECURE_HSTS_SECONDS:
        sts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            sts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            sts += "; preload"
        found.append((b"strict-transport-security", sts.encode()))
    return found


# A body past the limit is refused before Django reads it (it would spool it all first);
# the event stream is answered before Django (`events/stream_app.py`: a few KB a stream).
application = stream_app.mount(guard_body_size(django_application), response_headers)
