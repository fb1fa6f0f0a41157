"""`/members/{code}/roster`, root key and key statements: who speaks for a state (issue 12).

Included by `members.api`. Reads are open to every signed-in person (a roster is what members
check); writes take effect only on the state root's signature (`members.rosters`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from accord.domain.errors import NotFound
from accord.edge.fields import PROSE_PATTERN, Code
from accord.edge.schemas import Input
from accord.members import rosters
from accord.members.models import KeyRevocation, RootKey, RosterVersion, State, User

router = Router(tags=["members"])

StateCodePath = Annotated[Code, Path(max_length=3)]


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API root authenticates every operation
    return user


class RootKeyIn(Input):
    public_key: Annotated[str, Field(pattern=PROSE_PATTERN)] = Field(
        ..., min_length=1, max_length=400, description="base64 of the 32 raw bytes, or PEM"
    )


class RootKeyOut(Schema):
    fingerprint: str
    public_key: str
    valid_from: datetime
    valid_until: datetime | None
    revoked_reason: str

    @staticmethod
    def build(row: RootKey) -> RootKeyOut:
        return RootKeyOut(
            fingerprint=row.fingerprint,
            public_key=row.public_key,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            revoked_reason=row.revoked_reason,
        )


class SignedRosterIn(Input):
    """A roster signed by the state's root, exactly as `accord roster sign` wrote it."""

    roster: dict[str, Any] = Field(..., max_length=50)
    root_fingerprint: str = Field(..., max_length=100)
    signature: str = Field(..., max_length=100)


class SignedStatementIn(Input):
    """A root-signed revocation or rotation (accord-key-revocation/1, accord-root-rotation/1)."""

    statement: dict[str, Any] = Field(..., max_length=50)
    root_fingerprint: str = Field(..., max_length=100)
    signature: str = Field(..., max_length=100)


class RosterProposalIn(Input):
    roster: dict[str, Any] = Field(..., max_length=50)


class RosterVersionOut(Schema):
    sequence: int
    status: str
    effective_at: datetime
    roster: dict[str, Any]
    signed: dict[str, Any] | None

    @staticmethod
    def build(row: RosterVersion) -> RosterVersionOut:
        return RosterVersionOut(
            sequence=row.sequence,
            status=row.status,
            effective_at=row.effective_at,
            roster=row.roster,
            signed=row.signed,
        )


class RevocationOut(Schema):
    fingerprint: str
    reason: str
    effective_at: datetime
    signed: dict[str, Any]


class RosterOut(Schema):
    state: str
    root_keys: list[RootKeyOut]
    in_force: RosterVersionOut | None
    history: list[RosterVersionOut]
    proposals: list[RosterVersionOut]
    revocations: list[RevocationOut]


def _roster(code: str) -> RosterOut:
    state = State.objects.filter(code=code).first()
    if state is None:
        raise NotFound("There is no such state.")
    versions = list(RosterVersion.objects.filter(state=state).order_by("sequence", "id"))
    in_force = [RosterVersionOut.build(v) for v in versions if v.status == "in-force"]
    return RosterOut(
        state=state.code,
        root_keys=[RootKeyOut.build(k) for k in RootKey.objects.filter(state=state)],
        in_force=in_force[-1] if in_force else None,
        history=in_force,
        proposals=[RosterVersionOut.build(v) for v in versions if v.status == "proposed"],
        revocations=[
            RevocationOut(
                fingerprint=r.fingerprint,
                reason=r.reason,
                effective_at=r.effective_at,
                signed=r.signed,
            )
            for r in KeyRevocation.objects.filter(state=state)
        ],
    )


@router.get("/members/{code}/roster", response=RosterOut)
def read_roster(request: HttpRequest, code: StateCodePath) -> RosterOut:
    return _roster(code)


@router.post("/members/{code}/root-key", response={201: RootKeyOut})
def register_root_key(
    request: HttpRequest, code: StateCodePath, payload: RootKeyIn
) -> Status[RootKeyOut]:
    row = rosters.register_root_key(
        actor=_actor(request), state_code=code, public_key=payload.public_key
    )
    return Status(201, RootKeyOut.build(row))


@router.post("/members/{code}/roster", response={201: RosterOut})
def submit_roster(
    request: HttpRequest, code: StateCodePath, payload: SignedRosterIn
) -> Status[RosterOut]:
    rosters.submit_roster(actor=_actor(request), state_code=code, signed=payload.model_dump())
    return Status(201, _roster(code))


@router.post("/members/{code}/roster/proposals", response={201: RosterOut})
def propose_roster(
    request: HttpRequest, code: StateCodePath, payload: RosterProposalIn
) -> Status[RosterOut]:
    rosters.propose_roster(actor=_actor(request), state_code=code, roster=payload.roster)
    return Status(201, _roster(code))


@router.post("/members/{code}/keys/statements", response={201: RosterOut})
def key_statement(
    request: HttpRequest, code: StateCodePath, payload: SignedStatementIn
) -> Status[RosterOut]:
    with transaction.atomic():
        rosters.submit_key_statement(
            actor=_actor(request), state_code=code, signed=payload.model_dump()
        )
    return Status(201, _roster(code))
