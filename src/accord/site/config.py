"""Configuration read from the environment (DESIGN §4), with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def data_dir() -> Path:
    """ACCORD_DATA_DIR, else ~/.local/share/accord; created on first use, mode 0700.

    It holds the database, the secret key and the ledger's log key: no one but the
    platform's own account may list it. A directory that already exists is the operator's
    and keeps its mode; what Accord creates inside it is private either way.
    """
    configured = os.environ.get("ACCORD_DATA_DIR")
    base = Path(configured) if configured else Path.home() / ".local" / "share" / "accord"
    base.parent.mkdir(parents=True, exist_ok=True)
    try:
        base.mkdir(mode=PRIVATE_DIRECTORY)
    except FileExistsError:
        pass
    else:
        os.chmod(base, PRIVATE_DIRECTORY)  # mkdir's mode is narrowed by the umask only
    return base


def sqlite_file(directory: Path) -> Path:
    """The SQLite database file, created mode 0600 before SQLite first opens it.

    SQLite gives its -wal and -shm files the mode of the database file, so creating the
    file private keeps all three private; one left readable by an earlier version is
    narrowed here.
    """
    path = directory / "accord.sqlite3"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        private_file(companion)
    return path


def private_file(path: Path) -> None:
    """Narrow an existing file of Accord's to mode 0600 (nothing if it does not exist)."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, PRIVATE_FILE)
    except FileNotFoundError:
        pass


def create_private(path: Path) -> int:
    """Open `path` for writing, truncated, mode 0600 from the instant it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)  # a file left over from before keeps its mode otherwise
    return fd


def secret_key(directory: Path) -> str:
    """ACCORD_SECRET_KEY, else a key generated on first run and kept (mode 0600)."""
    configured = os.environ.get("ACCORD_SECRET_KEY")
    if configured:
        return configured
    path = directory / "secret_key"
    if not path.exists():
        # O_EXCL: two workers starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


def flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def host_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [host.strip() for host in value.split(",") if host.strip()]


def networks(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks; a bad one stops start-up with its name."""
    import ipaddress

    values = host_list(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network"
            ) from None
    return values


def integer(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number variable; a bad value stops start-up with the variable's name."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}: expected at least {minimum}, got {number}")
    return number


def seconds(name: str, default: float) -> float:
    """A positive duration in seconds; a bad value stops start-up with the variable's name."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a number of seconds, got {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise ImproperlyConfigured(f"{name}: expected a positive number of seconds, got {value!r}")
    return number


def choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`; a bad value stops start-up with the variable's name."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def email_url(name: str) -> str | None:
    """`ACCORD_EMAIL_URL`, checked at start-up: a URL Accord cannot use stops it, named."""
    from accord.domain.alerts import parse_email_url
    from accord.domain.errors import InvalidInput

    value = (os.environ.get(name) or "").strip()
    if not value:
        return None
    try:
        parse_email_url(value)
    except InvalidInput as error:
        raise ImproperlyConfigured(error.message) from None
    return value
