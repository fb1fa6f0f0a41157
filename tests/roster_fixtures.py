"""The capitals of the test region: each state's root key and its people's personal keys,
and one helper that signs acts the way a head's browser or `accord act` does (issue 12).

`capitals.accede(code)` registers the state's root (as the secretariat would, at accession)
and puts in force a roster, signed by that root, naming `<code>-head` as head and
`<code>-delegate` as delegate, each with a key only this helper holds. `capitals.signed(
actor, document, act, ...)` fetches a challenge from the server and returns the signed act.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass
class Capitals:
    region: Any
    roots: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    people: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    sequence: dict[str, int] = field(default_factory=dict)

    def accede(self, *codes: str) -> None:
        from django.utils import timezone

        from accord.domain import signing
        from accord.members import rosters

        for code in codes:
            root = Ed25519PrivateKey.generate()
            self.roots[code] = root
            rosters.register_root_key(
                actor=self.region.secretariat,
                state_code=code,
                public_key=signing.public_key_b64(root.public_key()),
                now=timezone.now() - timedelta(days=30),
            )
            for role in ("head", "delegate"):
                self.people[f"{code.lower()}-{role}"] = Ed25519PrivateKey.generate()
            self.put_in_force(code)

    def roster(
        self, code: str, reviews: dict[str, tuple[str, ...]] | None = None, **roles: str
    ) -> Any:
        """The roster document naming head and delegate (override roles by user name), with
        the languages each person reviews (`reviews`, by user name)."""
        from django.utils import timezone

        from accord.domain import signing

        self.sequence[code] = self.sequence.get(code, 0) + 1
        persons = []
        for person, key in self.people.items():
            if person.startswith(f"{code.lower()}-"):
                role = roles.get(person, "head" if person.endswith("-head") else "delegate")
                persons.append(
                    signing.RosterPerson(
                        person,
                        role,
                        (signing.public_key_b64(key.public_key()),),
                        (reviews or {}).get(person, ()),
                    )
                )
        return signing.Roster(
            code,
            self.sequence[code],
            timezone.now() - timedelta(days=30) + timedelta(seconds=self.sequence[code]),
            tuple(persons),
        )

    def put_in_force(
        self, code: str, reviews: dict[str, tuple[str, ...]] | None = None, **roles: str
    ) -> Any:
        from accord.domain import signing
        from accord.members import rosters

        signed = signing.sign_roster(self.roster(code, reviews, **roles), self.roots[code])
        return rosters.submit_roster(actor=self.region.secretariat, state_code=code, signed=signed)

    def challenge(self, actor: Any, document_id: int) -> dict[str, Any]:
        from accord.negotiation.models import AdoptionProcedure
        from accord.negotiation.permissions import document_for, head_state_of
        from accord.negotiation.signed_acts import issue_adoption_challenge

        document = document_for(actor, document_id)
        row = AdoptionProcedure.objects.get(document=document, outcome="pending")
        issued = issue_adoption_challenge(actor=actor, state=head_state_of(actor), row=row)
        return dict(issued.signed["challenge"])

    def signed(
        self,
        actor: Any,
        document_id: int,
        act: str,
        *,
        key: Ed25519PrivateKey | None = None,
        reason: str = "",
        paragraphs: list[str] | None = None,
        confirm_by: Any = None,
    ) -> dict[str, Any]:
        """The signed act `actor` makes with their roster key (or `key`)."""
        from accord.domain import signing

        statement = signing.act_statement(
            self.challenge(actor, document_id),
            act="explain" if act == "dissociate" else act,
            reason=reason,
            dissociated_from=paragraphs or [],
            confirm_by=confirm_by,
        )
        return signing.sign_act(statement, key or self.people[actor.username])

    def sign_over(
        self, actor: Any, issued: Any, *, key: Ed25519PrivateKey | None = None, **added: Any
    ) -> dict[str, Any]:
        """The signed act of another kind (`signing.state_acts`) over an issued challenge."""
        from accord.domain import signing

        statement = signing.state_act_statement(issued.signed["challenge"], **added)
        return signing.sign_act(statement, key or self.people[actor.username])

    def text_signature(
        self, actor: Any, document_id: int, *, key: Ed25519PrivateKey | None = None
    ) -> dict[str, Any]:
        """The head's signed `accord-text-signature/1` over a fresh challenge."""
        from accord.negotiation import services

        issued = services.issue_signature_challenge(actor=actor, document_id=document_id)
        return self.sign_over(actor, issued, key=key)


@pytest.fixture
def capitals(region: Any) -> Capitals:
    """The capitals' keys; call `capitals.accede("KAZ", ...)` to bring states under rosters."""
    return Capitals(region)
