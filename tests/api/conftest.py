"""A world with a secret of every kind, for the cross-cutting API tests (fuzzing, role walk).

`build_world(region)` adds, on top of the `region` of tests/conftest.py:

- open material: a plenary of the four members (MNG and UNO observing), a concern, a
  draft, a consultation and a members-wide notification — so that a generated id often
  names something real;
- one object of every kind that rule 5 can hide, restricted to KAZ and KGZ: a concern, a
  meeting with an intervention, a bilateral on the sidelines of the plenary, a draft with an
  amendment, a state consultation, a notification and a hotline message. Each carries the
  word `SECRETWALK` and its kind in its visible text, so a leak is found by searching bodies.

TJK and UZB (and the observer, the dialogue partner, the secretariat and the public) are
third parties to every secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

MARK = "SECRETWALK"
PARTIES = ("KAZ", "KGZ")


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2030, 5, day, hour, minute, tzinfo=UTC)


@dataclass
class Secret:
    kind: str
    obj: Any
    marker: str

    @property
    def pk(self) -> int:
        return int(self.obj.pk)

    def visible_to(self, user: Any | None) -> bool:
        from accord.domain.visibility import ANONYMOUS, can_see

        viewer = ANONYMOUS if user is None else user.viewer()
        return can_see(viewer, self.obj.audience)


@dataclass
class World:
    region: Any
    plenary: Any
    open: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Secret] = field(default_factory=dict)
    amendment_code: str = ""
    token_prefix: str = ""
    channel_id: str = ""  # KAZ head's own e-mail channel (alerts)
    passkey_id: str = ""  # KAZ head's own passkey

    def secret(self, kind: str) -> Secret:
        return self.secrets[kind]

    def path_value(self, name: str, path: str, *, secret: bool) -> Any:
        """What to put in path parameter `name` of `path`: the secret object of that kind
        (`secret=True`) or its open counterpart; `KeyError` for a name nobody mapped yet."""
        kind = ID_KINDS.get(name)
        if kind is not None:
            obj = self.secrets[kind].obj if secret else self.open.get(kind)
            return obj.public_id if obj is not None else ABSENT
        if name == "code":
            return self.amendment_code if "/amendments/" in path else "KAZ"
        return OTHER_PATH_VALUES[name](self)


# Path parameters that name an object rule 5 can hide, and the kind of object they name.
ID_KINDS = {
    "concern_id": "concern",
    "meeting_id": "meeting",
    "bilateral_id": "bilateral",
    "document_id": "document",
    "consultation_id": "consultation",
    "notification_id": "notification",
    "message_id": "hotline",
}
# Other path parameters: a sub-object of the object named beside them, or a public key.
OTHER_PATH_VALUES: dict[str, Any] = {
    "number": lambda world: 1,  # Rev.1 of a document; statement 1 of a consultation
    # A floor request (none is restricted on its own): the first, when there is one.
    "request_id": lambda world: _first_floor_request(),
    "paragraph_id": lambda world: 1,  # paragraph 1 of a document's current revision
    "rank": lambda world: 1,  # the first of the mediator's suggestions
    "key": lambda world: "exercise_notice",  # notification types are public
    "prefix": lambda world: world.token_prefix,  # KAZ head's own API token
    "channel_id": lambda world: world.channel_id,  # KAZ head's own alert channel
    "passkey_id": lambda world: world.passkey_id,  # KAZ head's own passkey
    "alert_id": lambda world: "no-such-alert",  # alerts are a person's own, never an object's
    "language": lambda world: "zh",  # a language version of a document
    # A commitment under the document named beside it; a chair's appointment at a meeting.
    "commitment_id": lambda world: _first_public_id("proceedings", "Commitment"),
    "office_id": lambda world: _first_public_id("proceedings", "ChairOffice"),
    "group_id": lambda world: ABSENT,  # Friends of the Chair: tests/integration/proceedings
    "wording_id": lambda world: ABSENT,  # a facilitator's wording: tests/integration/proceedings
}
# A well-formed public id that names nothing (issue 11: what an unknown id is answered).
ABSENT = "zzz_" + "a" * 26


def _first_public_id(app_label: str, model_name: str) -> str:
    from django.apps import apps

    first = apps.get_model(app_label, model_name).objects.order_by("pk").first()
    return first.public_id if first is not None else ABSENT


def _first_floor_request() -> str:
    from accord.dialogue.models import FloorRequest

    first = FloorRequest.objects.order_by("pk").first()
    return first.public_id if first is not None else ABSENT


def build_world(region: Any) -> World:
    from accord.consultations import services as consultations
    from accord.dialogue import services as dialogue
    from accord.negotiation import services as negotiation
    from accord.notifications import hotline
    from accord.notifications import services as notifications

    kaz, kgz, chair = region.head("KAZ"), region.head("KGZ"), region.chair
    plenary = dialogue.convene_meeting(
        actor=region.secretariat,
        title="Ministerial meeting",
        kind="ministerial",
        starts_at=at(8),
        ends_at=at(19),
        venue="Astana",
        participants=["KAZ", "KGZ", "TJK", "UZB"],
        observers=["MNG", "UNO"],
        sittings=[("Morning", at(9), at(12)), ("Afternoon", at(15), at(18))],
    )
    world = World(region=region, plenary=plenary)
    world.open["meeting"] = plenary
    dialogue.attach_document(
        actor=region.secretariat,
        meeting_id=plenary.pk,
        title="Agenda",
        language="en",
        body="1.",
    )
    world.open["concern"] = dialogue.raise_concern(
        actor=region.head("UZB"),
        title="Glaciers",
        summary="Melting.",
        category="climate",
        visibility="participants",
    )
    world.open["document"] = negotiation.create_draft(
        actor=chair,
        kind="joint-statement",
        title="Joint statement",
        visibility="participants",
        paragraphs=[{"kind": "operative", "text": "The participants welcome the dialogue."}],
    )
    world.open["consultation"] = consultations.create_consultation(
        actor=region.secretariat,
        title="Water",
        kind="state",
        visibility="members",
        statements=["Rivers are shared.", "Dams need notice."],
    )
    world.open["notification"] = notifications.send_notification(
        actor=region.head("UZB"),
        type_key="exercise_notice",
        content=_exercise("Open Steppe"),
    )

    def keep(kind: str, obj: Any) -> None:
        world.secrets[kind] = Secret(kind, obj, f"{MARK}{kind.upper()}")

    keep(
        "concern",
        dialogue.raise_concern(
            actor=kaz,
            title=f"{MARK}CONCERN water releases",
            summary=f"{MARK}CONCERN between us.",
            category="borders",
            visibility="restricted",
            restricted_to=["KGZ"],
        ),
    )
    meeting = dialogue.convene_meeting(
        actor=chair,
        title=f"{MARK}MEETING talks",
        kind="consultation",
        starts_at=at(9, day=12),
        ends_at=at(11, day=12),
        venue="Bishkek",
        participants=list(PARTIES),
        visibility="restricted",
    )
    dialogue.deliver_intervention(
        actor=kgz,
        meeting_id=meeting.pk,
        kind="statement",
        text=f"{MARK}MEETING position.",
        language="en",
    )
    dialogue.attach_document(
        actor=chair,
        meeting_id=meeting.pk,
        title=f"{MARK}MEETING paper",
        language="en",
        body=f"{MARK}MEETING paper text.",
    )
    keep("meeting", meeting)
    keep(
        "bilateral",
        dialogue.request_bilateral(
            actor=kgz,
            meeting_id=plenary.pk,
            counterpart="KAZ",
            subject=f"{MARK}BILATERAL border",
            slots=[(at(12, 30), at(13, 30))],
        ),
    )
    document = negotiation.create_draft(
        actor=chair,
        kind="joint-statement",
        title=f"{MARK}DOCUMENT on water",
        visibility="restricted",
        states=list(PARTIES),
        paragraphs=[{"kind": "operative", "text": f"{MARK}DOCUMENT the parties agree."}],
    )
    amendment = negotiation.propose_amendment(
        actor=kgz,
        document_id=document.pk,
        against=1,
        kind="insert-paragraph",
        text=f"{MARK}DOCUMENT amendment.",
        paragraph_kind="operative",
    )
    world.amendment_code = amendment.code
    keep("document", document)
    keep(
        "consultation",
        consultations.create_consultation(
            actor=kaz,
            title=f"{MARK}CONSULTATION on water",
            kind="state",
            visibility="restricted",
            states=list(PARTIES),
            statements=[f"{MARK}CONSULTATION statement one.", "Another."],
        ),
    )
    keep(
        "notification",
        notifications.send_notification(
            actor=kaz,
            type_key="exercise_notice",
            content=_exercise(f"{MARK}NOTIFICATION"),
            recipients=["KGZ"],
        ),
    )
    keep(
        "hotline",
        hotline.send_hotline_message(
            actor=kaz,
            to_state="KGZ",
            body=f"{MARK}HOTLINE the exercise starts early",
        ),
    )
    from accord.members.services import issue_api_token

    world.token_prefix = issue_api_token(user=kaz, label="walk")[0].prefix
    from accord.members.models import Passkey

    world.passkey_id = Passkey.objects.create(
        user=kaz, credential_id="d2Fsaw", public_key=b"", name="walk"
    ).public_id
    from accord.alerts.services import add_channel

    world.channel_id = add_channel(actor=kaz, kind="email", address="kaz@example.org")[0].public_id
    for secret in world.secrets.values():
        secret.obj.refresh_from_db()
    return world


def _exercise(name: str) -> dict[str, Any]:
    return {
        "exercise_name": name,
        "starts_on": "2030-09-11",
        "ends_on": "2030-09-25",
        "area": [
            {"lat": 54.9, "lon": 61.4},
            {"lat": 55.1, "lon": 61.9},
            {"lat": 54.7, "lon": 62.0},
        ],
        "forces": {"personnel": 4000, "battle_tanks": 120},
        "purpose": "Command-post training.",
    }


@pytest.fixture
def world(region: Any) -> World:
    return build_world(region)


@pytest.fixture(autouse=True)
def _responses_checked_against_openapi(openapi_checked: None) -> None:
    """Every answer an API test receives, from any test client, fits the OpenAPI document."""
