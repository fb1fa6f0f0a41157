"""Bearer tokens read once per process, and forgotten by every process at once on a change.

Every API request names its token, and reading the token, its person and their state was
the largest fixed cost of a small write (issue 18: ~17 % of a vote's CPU). Each process
keeps what it read, keyed by the token's hash and stamped with the *credentials epoch*: a
random value in Redis that every change to a token, a person or a state (a revocation, a
deactivation, a new role, a state's new status) replaces when its transaction commits.
Each request reads the epoch (one Redis GET) and uses a kept token only when it was read
under that same epoch, so a revoked token is refused on the very next request, by every
worker. The epoch is replaced before the revoking request answers (on commit), and a
look-up stamps what it reads with the epoch read *before* it, so a change that commits
while a look-up runs leaves that look-up's copy already out of date.

Without Redis the workers share nothing to agree on, so nothing is kept; when Redis does not
answer, nothing is used either. A copy is also dropped after `MAX_AGE_SECONDS`, a bound for
a change whose new epoch was lost with Redis itself.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import router, transaction

from accord.members.models import ApiToken, ChairTerm, State, User

log = logging.getLogger(__name__)

EPOCH_KEY = "accord:credentials:epoch"
MAX_ENTRIES = 10_000
MAX_AGE_SECONDS = 60.0
REDIS_TIMEOUT_SECONDS = 0.5


@dataclass
class KeptToken:
    """What a look-up read: the token's facts and its person's and state's rows."""

    epoch: bytes
    kept_at: float
    token_pk: int
    expires_at: datetime
    last_used_at: datetime | None
    user_row: dict[str, Any]
    state_row: dict[str, Any] | None

    def user(self) -> User:
        """A new `User` (and `State`) for this request: nothing cached on one request's
        objects, such as `is_chair`, reaches the next."""
        user = User.from_db(
            router.db_for_read(User), list(self.user_row), list(self.user_row.values())
        )
        if self.state_row is not None:
            state = State.from_db(
                router.db_for_read(State), list(self.state_row), list(self.state_row.values())
            )
            user.state = state
        return user


def _row(instance: User | State) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


class TokenCache:
    def __init__(self) -> None:
        self._kept: dict[str, KeptToken] = {}
        self._lock = threading.Lock()
        self._redis: Any = None
        self._redis_url: str | None = None
        self._chair: tuple[bytes, date, ChairTerm | None] | None = None

    def _client(self) -> Any:
        url = getattr(settings, "REDIS_URL", None)
        if url != self._redis_url:
            import redis

            self._redis_url = url
            self._redis = (
                redis.Redis.from_url(
                    url,
                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                )
                if url
                else None
            )
            self.clear()
        return self._redis

    def epoch(self) -> bytes | None:
        """The current epoch, or None when nothing may be kept (no Redis, or no answer)."""
        client = self._client()
        if client is None:
            return None
        try:
            value = client.get(EPOCH_KEY)
        except Exception:
            log.warning("Redis did not answer for the credentials epoch; not caching tokens")
            return None
        return value if value is not None else b"-"

    def get(self, digest: str, epoch: bytes) -> KeptToken | None:
        kept = self._kept.get(digest)
        if kept is None:
            return None
        if kept.epoch != epoch or time.monotonic() - kept.kept_at > MAX_AGE_SECONDS:
            self._kept.pop(digest, None)
            return None
        return kept

    def keep(self, digest: str, token: ApiToken, epoch: bytes) -> None:
        user = token.user
        with self._lock:
            if len(self._kept) >= MAX_ENTRIES:
                self._kept.clear()
            self._kept[digest] = KeptToken(
                epoch=epoch,
                kept_at=time.monotonic(),
                token_pk=token.pk,
                expires_at=token.expires_at,
                last_used_at=token.last_used_at,
                user_row=_row(user),
                state_row=_row(user.state) if user.state is not None else None,
            )

    def chair_term(self, day: date) -> ChairTerm | None:
        """`ChairTerm.current(day)`, kept under the epoch like the tokens (a new or changed
        term replaces the epoch): every page and most writes ask who holds the chair."""
        epoch = self.epoch()
        kept = self._chair
        if epoch is not None and kept is not None and kept[0] == epoch and kept[1] == day:
            return kept[2]
        term = ChairTerm.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
        if epoch is not None:
            self._chair = (epoch, day, term)
        return term

    def forget(self, digest: str) -> None:
        self._kept.pop(digest, None)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._chair = None

    def new_epoch(self) -> None:
        """Every process's kept tokens out of date from now on (this one's too)."""
        self.clear()
        client = self._client()
        if client is None:
            return
        try:
            client.set(EPOCH_KEY, uuid.uuid4().hex.encode())
        except Exception:
            log.exception("could not replace the credentials epoch in Redis")


tokens = TokenCache()


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("created") and sender is not ChairTerm:
        return  # a new token, person or state is in no process's cache; a new term may be current
    fields = kwargs.get("update_fields")
    if fields is not None and set(fields) <= {"last_login", "last_used_at"}:
        return  # bookkeeping that changes nobody's rights
    transaction.on_commit(tokens.new_epoch, using=kwargs.get("using"))


def connect() -> None:
    """Replace the epoch on every saved or deleted token, person, state or chair term
    (from AppConfig.ready).

    A receiver rather than a call in each service: the admin and any future writer of these
    rows then cannot forget it, and it writes nothing to the database.
    """
    from django.db.models.signals import post_delete, post_save

    for model in (ApiToken, User, State, ChairTerm):
        post_save.connect(_changed, sender=model, dispatch_uid=f"token-cache-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"token-cache-d-{model.__name__}")
