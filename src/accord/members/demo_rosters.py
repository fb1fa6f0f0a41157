"""The demo's capitals (issue 12): each member state's root key and its people's keys.

Made on first run as each ministry would on its own machine: the private halves go to the
demo's key folder in the data directory (`<code>-root.pem`, `<user>.pem`), only the root's
public half is registered, and a roster signed by the root names the head (and the chair, for
the chair's state) as head and the delegate as delegate, each with a personal key.

`enrol_browser_key` is the demo's stand-in for the ministry: it signs, with the root key from
the key folder, a roster that adds the key a head's browser made. Outside the demo there is no
root key on the server, and enrolment is `accord roster sign` on the ministry's machine.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from accord.domain import signing
from accord.members import rosters
from accord.members.models import RosterVersion, User

DEMO_KEYS = "demo-keys"
# The demo's legal-linguistic reviewers, named on their states' rosters (rule 8).
REVIEWERS = {"ind-delegate": ("en",), "chn-delegate": ("zh",), "rus-delegate": ("ru",)}


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / DEMO_KEYS


def _key(folder: Path, name: str) -> Any:
    path = folder / f"{name}.pem"
    if path.exists():
        return signing.read_private_key(path)
    key = signing.generate_private_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(signing.private_key_pem(key))
    return key


def enrol_state(
    folder: Path, secretariat: User, code: str, people: list[User], now: datetime
) -> None:
    """Register `code`'s root and put in force its first roster naming `people`."""
    folder.mkdir(parents=True, exist_ok=True)
    root = _key(folder, f"{code.lower()}-root")
    since = now - timedelta(days=5 * 365)
    rosters.register_root_key(
        actor=secretariat,
        state_code=code,
        public_key=signing.public_key_b64(root.public_key()),
        now=since,
    )
    persons = tuple(
        signing.RosterPerson(
            p.username,
            "head" if p.is_head else "delegate",
            (signing.public_key_b64(_key(folder, p.username).public_key()),),
            REVIEWERS.get(p.username, ()),
        )
        for p in people
    )
    roster = signing.Roster(code, 1, since + timedelta(seconds=1), persons)
    rosters.submit_roster(
        actor=secretariat, state_code=code, signed=signing.sign_roster(roster, root), now=since
    )


def person_key(username: str, folder: Path | None = None) -> Any:
    """The demo person's key from the key folder (what their ministry's machine holds)."""
    return signing.read_private_key((folder or keys_dir()) / f"{username}.pem")


def enrol_browser_key(*, actor: User, public_key: str) -> RosterVersion:
    """Demo only: the state's root (from the key folder) signs a roster adding this key."""
    assert actor.state is not None
    root_file = keys_dir() / f"{actor.state.code.lower()}-root.pem"
    if not root_file.exists():
        raise signing.CredentialRefused(
            "roster-signature", "only the demo holds a state's root key on the server"
        )
    signing.decode_b64(public_key, 32, "public key")
    current = rosters.current_roster(actor.state)
    assert current is not None
    persons = tuple(
        replace(p, public_keys=(*p.public_keys, public_key)[-8:])
        if p.person == actor.username and public_key not in p.public_keys
        else p
        for p in current.persons
    )
    roster = signing.Roster(
        current.state, current.sequence + 1, max(timezone.now(), current.effective_at), persons
    )
    signed = signing.sign_roster(roster, signing.read_private_key(root_file))
    return rosters.submit_roster(actor=actor, state_code=actor.state.code, signed=signed)
