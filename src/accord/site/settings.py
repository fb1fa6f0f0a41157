"""Django settings for Accord. Everything that differs between machines comes from the
environment (see `accord.site.config` and the README's configuration table)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from accord.site import config

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.flag("ACCORD_DEBUG", False)
ALLOWED_HOSTS = config.host_list("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = config.host_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])
# The languages this deployment negotiates texts in (DESIGN §2 rule 8), any of en, zh, ru.
ACCORD_LANGUAGES = [
    c.strip() for c in os.environ.get("ACCORD_LANGUAGES", "en,zh,ru").split(",") if c.strip()
]
# State cosignatures a bundle's checkpoint needs; 0 means a majority of the members.
ACCORD_COSIGNATURE_QUORUM = config.integer("ACCORD_COSIGNATURE_QUORUM", 0)
# The demo only (`accord demo` sets it): `accord serve` cosigns each new checkpoint as each
# member state's witness, with the states' keys from the demo's key folder (issue 13).
ACCORD_DEMO_WITNESSES = config.flag("ACCORD_DEMO_WITNESSES", False)
# Seconds between two runs of `accord tick` under `accord serve`.
ACCORD_TICK_SECONDS = config.integer("ACCORD_TICK_SECONDS", 30, minimum=1)
# The deployment's name in what it signs (ledger export trailers, trust files).
ACCORD_ORIGIN = os.environ.get("ACCORD_ORIGIN", "").strip() or ALLOWED_HOSTS[0]
# Passkeys (WebAuthn): the relying party's id (a host name the site is reached at; a
# passkey works only there) and the origins a browser's answer may name. Without
# ACCORD_WEBAUTHN_ORIGINS, the origin the request came to (its host one of ALLOWED_HOSTS).
ACCORD_WEBAUTHN_RP_ID = os.environ.get("ACCORD_WEBAUTHN_RP_ID", "").strip() or next(
    (h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") and not h.replace(".", "").isdigit()
     and ":" not in h and h != "*"),
    "localhost",
)  # fmt: skip
ACCORD_WEBAUTHN_ORIGINS = config.host_list("ACCORD_WEBAUTHN_ORIGINS", [])
# The ledger's Ed25519 log key: generated on first use and kept (mode 0600). Give every host
# of one deployment the same file, as with the secret key.
ACCORD_LOG_KEY_FILE = Path(os.environ.get("ACCORD_LOG_KEY_FILE") or DATA_DIR / "ledger_log_key.pem")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "accord.members",
    "accord.ledger",
    "accord.dialogue",
    "accord.negotiation",
    "accord.consultations",
    "accord.notifications",
    "accord.mediator",
    "accord.alerts",
    "accord.languages",
    "accord.registry",
    "accord.proceedings",
    "accord.search",
    "accord.site",
]

# Django's own, reading a session's user with its state (members/backends.py).
AUTHENTICATION_BACKENDS = ["accord.members.backends.AccordBackend"]

MIDDLEWARE = [
    "accord.site.observability.ObserveRequests",
    "accord.site.limits.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accord.site.middleware.ContentSecurityPolicyMiddleware",
    "accord.site.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accord.site.time_zones.ViewerTimeZoneMiddleware",
    "accord.site.middleware.RefuseRepeatedQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accord.members.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accord.site.form_tokens.OneTimeFormMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "accord.site.urls"
ASGI_APPLICATION = "accord.site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.site.context.accord_context",
            ],
            # `{% csrf_token %}` also writes the form's one-time token (site/form_tokens.py).
            "builtins": ["accord.site.templatetags.form_token"],
        },
    }
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        # 0 by default: under ASGI each request runs in a new thread, and kept-alive
        # per-thread connections would pile up until PostgreSQL refuses clients.
        max_age = config.integer("ACCORD_DB_CONN_MAX_AGE", 0)
        database: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=max_age))
        if database["ENGINE"] == "django.db.backends.postgresql":
            # The load guard: no statement runs longer than this (0 turns it off).
            timeout = config.integer("ACCORD_DB_STATEMENT_TIMEOUT_MS", 15000)
            options = dict(database.get("OPTIONS") or {})  # type: ignore[call-overload]
            options["options"] = f"-c statement_timeout={timeout}"
            database["OPTIONS"] = options
            pool_size = config.integer("ACCORD_DB_POOL_SIZE", 10)
            if pool_size > 0 and max_age == 0:
                # A connection pool per process: a request borrows a connection and gives
                # it back when it ends, instead of opening one (about a fifth of a
                # one-vote request's time) and closing it again.
                options = dict(database.get("OPTIONS") or {})  # type: ignore[call-overload]
                options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 30}
                database["OPTIONS"] = options
            else:
                database["CONN_HEALTH_CHECKS"] = True
        return database
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(config.sqlite_file(DATA_DIR)),
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN: two writers queue instead of one
            # failing with "database is locked" when it tries to upgrade a read lock.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if config.flag("ACCORD_FAST_PASSWORD_HASHER", False):
    # Tests only: Argon2 is deliberately slow, and hundreds of fixture users add up.
    PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.MD5PasswordHasher")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "members:sign-in"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "members:sign-in"

# Sign-in throttling: this many failures for one account from one address in the window
# (an address over all accounts gets four times as many); past it, the account's sign-ins
# from anywhere wait SLOWDOWN seconds, doubling with each failure, at most MAX_DELAY.
ACCORD_SIGN_IN_MAX_FAILURES = config.integer("ACCORD_SIGN_IN_MAX_FAILURES", 5, minimum=1)
ACCORD_SIGN_IN_WINDOW_SECONDS = config.integer("ACCORD_SIGN_IN_WINDOW_SECONDS", 900, minimum=1)
ACCORD_SIGN_IN_SLOWDOWN_SECONDS = config.seconds("ACCORD_SIGN_IN_SLOWDOWN_SECONDS", 1)
ACCORD_SIGN_IN_MAX_DELAY_SECONDS = config.seconds("ACCORD_SIGN_IN_MAX_DELAY_SECONDS", 8)
ACCORD_TOKEN_LIFETIME_DAYS = config.integer("ACCORD_TOKEN_LIFETIME_DAYS", 30, minimum=1)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Chinese")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise serves from the apps (finders) but expects the root to exist.
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve the packaged static files straight from the apps: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# TLS: on unless the operator says the site is served over plain HTTP (the local demo).
ACCORD_TLS = config.flag("ACCORD_TLS", True)
SESSION_COOKIE_SECURE = ACCORD_TLS
CSRF_COOKIE_SECURE = ACCORD_TLS
LANGUAGE_COOKIE_SECURE = ACCORD_TLS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SECURE_HSTS_SECONDS = 31536000 if ACCORD_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = ACCORD_TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
ACCORD_BEHIND_PROXY_FLAG = config.flag("ACCORD_BEHIND_PROXY", False)
# The proxies whose X-Forwarded-For entries are believed (addresses or networks): the client
# is the right-most address in the header that is not one of them.
ACCORD_TRUSTED_PROXIES = config.networks("ACCORD_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
if ACCORD_BEHIND_PROXY_FLAG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
X_FRAME_OPTIONS = "DENY"

# Request bodies (the load guard, `accord.site.limits`): a JSON or form body is held in
# memory, a multipart upload (the Pol.is import) is spooled to disk; past these, 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = config.integer("ACCORD_MAX_BODY_BYTES", 5 * 2**20, minimum=1024)
ACCORD_MAX_UPLOAD_BYTES = config.integer("ACCORD_MAX_UPLOAD_BYTES", 110 * 2**20, minimum=1024)

REDIS_URL = os.environ.get("REDIS_URL") or None
# Who may read `GET /metrics` (addresses or networks, comma-separated); empty: nobody.
ACCORD_METRICS_ALLOW = config.networks("ACCORD_METRICS_ALLOW", [])
# Each event stream is closed after this long and the browser reconnects (Last-Event-ID).
ACCORD_EVENTS_STREAM_SECONDS = config.seconds("ACCORD_EVENTS_STREAM_SECONDS", 300)
ACCORD_EVENTS_WSGI_STREAM_SECONDS = config.seconds("ACCORD_EVENTS_WSGI_STREAM_SECONDS", 2)
# An open stream checks its token or session again this often: a revoked token, a signed-out
# session or a deactivated person stops receiving events within this many seconds.
ACCORD_EVENTS_RECHECK_SECONDS = config.seconds("ACCORD_EVENTS_RECHECK_SECONDS", 5)

# Opinion analysis runs off the request path: "thread" (a debounced worker in each process),
# "sync" (tests) or "off" (`accord serve` with several workers recomputes in its supervisor).
# Recompute after this many quiet seconds, and at most this long after the first new vote.
ACCORD_ANALYSIS_MODE = config.choice("ACCORD_ANALYSIS_MODE", "thread", ("thread", "sync", "off"))
ACCORD_ANALYSIS_DEBOUNCE_SECONDS = config.seconds("ACCORD_ANALYSIS_DEBOUNCE_SECONDS", 1)
ACCORD_ANALYSIS_MAX_WAIT_SECONDS = config.seconds("ACCORD_ANALYSIS_MAX_WAIT_SECONDS", 5)

# Alerts (DESIGN rule 7): where e-mail goes (smtp://user:pass@host:port, smtp+tls://…,
# smtps://…, console://; unset: e-mail alerts are off), the sender, and the address of the
# site that alert links point to. Retries back off from the base for 24 h.
ACCORD_EMAIL_URL = config.email_url("ACCORD_EMAIL_URL")
ACCORD_ALERTS_FROM = os.environ.get("ACCORD_ALERTS_FROM", "Accord <alerts@accord.invalid>")
ACCORD_PUBLIC_URL = os.environ.get("ACCORD_PUBLIC_URL", "http://127.0.0.1:8000")
ACCORD_ALERTS_RETRY_BASE_SECONDS = config.seconds("ACCORD_ALERTS_RETRY_BASE_SECONDS", 30)
ACCORD_ALERTS_LEASE_SECONDS = config.seconds("ACCORD_ALERTS_LEASE_SECONDS", 60)
ACCORD_ALERTS_WEBHOOK_TIMEOUT = config.seconds("ACCORD_ALERTS_WEBHOOK_TIMEOUT", 10)
ACCORD_ALERTS_ESCALATION_MINUTES = config.integer("ACCORD_ALERTS_ESCALATION_MINUTES", 120)
# A silence procedure opens only once every participating member can be alerted.
ACCORD_SILENCE_NEEDS_CHANNELS = config.flag("ACCORD_SILENCE_NEEDS_CHANNELS", True)
# Webhooks on loopback or private networks, over plain http: tests and closed networks only.
ACCORD_ALERTS_WEBHOOK_PRIVATE = config.flag("ACCORD_ALERTS_WEBHOOK_PRIVATE", False)

# Logs are one JSON object a line with the request's id (`accord.observability.logs`);
# ACCORD_LOG_FORMAT=text gives plain lines. Each request is logged at INFO ("accord.request").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "accord.observability.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "accord.observability.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": config.choice("ACCORD_LOG_FORMAT", "json", ("json", "text")),
        }
    },
    # Upper case for logging; `accord serve` hands the same variable to uvicorn in lower case.
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING").upper(),
    },
}
