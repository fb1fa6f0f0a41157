"""`ACCORD_EMAIL_URL`: where e-mail alerts go, as one URL.

`smtp://user:pass@host:port` (plain SMTP), `smtp+tls://…` (STARTTLS), `smtps://…`
(implicit TLS), `console://` (printed to standard output: the demo). User and password
are URL-decoded; the port defaults to 25, 587 and 465 respectively.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from accord.domain.errors import InvalidInput

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = ""
    port: int = 0
    username: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False

    def describe(self) -> str:
        """For logs: never the password."""
        if self.backend == CONSOLE:
            return "console"
        scheme = "smtps" if self.use_ssl else "smtp+tls" if self.use_tls else "smtp"
        user = f"{self.username}@" if self.username else ""
        return f"{scheme}://{user}{self.host}:{self.port}"


def parse_email_url(url: str) -> EmailConfig:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "console":
        return EmailConfig(backend=CONSOLE)
    if scheme not in ("smtp", "smtp+tls", "smtps"):
        raise InvalidInput(
            f"ACCORD_EMAIL_URL: the scheme {scheme or '(none)'!r} is not smtp, smtp+tls, smtps "
            "or console."
        )
    if not parts.hostname:
        raise InvalidInput("ACCORD_EMAIL_URL: name the SMTP host (smtp://host:port).")
    try:
        explicit_port = parts.port
    except ValueError:
        raise InvalidInput("ACCORD_EMAIL_URL: the port is not a number from 1 to 65535.") from None
    default_port = {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme]
    return EmailConfig(
        backend=SMTP,
        host=parts.hostname,
        port=explicit_port or default_port,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=scheme == "smtp+tls",
        use_ssl=scheme == "smtps",
    )
