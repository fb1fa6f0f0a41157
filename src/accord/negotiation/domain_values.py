"""Rows to the domain's values and back: revisions, amendments, procedures, bundles.

The app keeps no rule of its own: a procedure is rebuilt by replaying its stored acts
through `accord.domain.consensus`, so that "what is the outcome now" is always the domain's
answer. These functions read only what they are given; callers hold any lock they need.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from accord.domain import consensus, negotiation, signing
from accord.domain.errors import InvalidInput
from accord.ledger.bundle_proof import ledger_section_for
from accord.members.models import SigningKey
from accord.negotiation.models import (
    AdoptionAct,
    AdoptionProcedure,
    Amendment,
    AmendmentStance,
    Revision,
    Signature,
)
from accord.negotiation.signed_acts import acts_section_for
from accord.proceedings.adoption import terms_of


def revision_value(row: Revision) -> negotiation.Revision:
    """The domain revision stored in `row`."""
    return negotiation.revision_from_dict(row.content)


def amendment_value(row: Amendment, stances: Iterable[AmendmentStance] | None = None) -> Any:
    """The domain `Amendment` of a row, with its supporters and opponents."""
    rows = list(row.stances.all()) if stances is None else list(stances)
    span = None
    if row.span_segment is not None:
        span = negotiation.Span(row.span_segment, row.span_start or 0, row.span_end or 0)
    return negotiation.Amendment(
        id=row.code,
        document_id=row.document.domain_id,
        against=row.against,
        proposer=row.proposer_state_id,
        kind=negotiation.AmendmentKind(row.kind),
        paragraph_id=row.paragraph_id,
        text=row.text,
        span=span,
        paragraph_kind=negotiation.ParagraphKind(row.paragraph_kind)
        if row.paragraph_kind
        else None,
        supporters=frozenset(
            s.state_id for s in rows if s.stance == AmendmentStance.Stance.SUPPORT
        ),
        opponents=frozenset(s.state_id for s in rows if s.stance == AmendmentStance.Stance.OPPOSE),
        withdrawn=row.withdrawn_at is not None,
    )


def opened_value(row: AdoptionProcedure) -> consensus.Procedure:
    """The procedure as the chair opened it, before any act."""
    return consensus.Procedure(
        kind=consensus.ProcedureKind(row.kind),
        document_id=row.document.domain_id,
        revision=row.revision.number,
        text_hash=row.text_sha256,
        paragraphs=tuple(p["number"] for p in row.text["paragraphs"]),
        members=row.member_states,
        observers=row.observer_states,
        chair=row.chair_state_id,
        opened_at=row.opened_at,
        deadline=row.deadline,
        last_act_at=row.opened_at,
        **terms_of(row),  # the rule of procedure it was opened under (default: none)
    )


def apply_act(procedure: consensus.Procedure, act: AdoptionAct) -> consensus.Procedure:
    """One stored act applied through the domain (it was accepted, so it applies again)."""
    state = act.state_id or ""
    kind = AdoptionAct.Act
    if act.act == kind.APPROVE:
        return consensus.approve(procedure, state, act.at)
    if act.act == kind.APPROVE_AD_REF:
        assert act.confirm_by is not None  # a check constraint guarantees it
        return consensus.approve_ad_referendum(
            procedure, state, act.at, confirm_by=act.confirm_by, reason=act.reason
        )
    if act.act == kind.CONFIRM:
        return consensus.confirm_ad_referendum(procedure, state, act.at)
    if act.act == kind.OBJECT:
        return consensus.object_to(procedure, state, act.at, reason=act.reason)
    if act.act == kind.BREAK_SILENCE:
        return consensus.break_silence(procedure, state, act.at, reason=act.reason)
    if act.act == kind.EXPLAIN:
        return consensus.explain_position(
            procedure, state, act.at, text=act.reason, dissociate_from=list(act.dissociated_from)
        )
    if act.act == kind.CLOSE:
        return consensus.close_procedure(procedure, act.at)
    raise AssertionError(f"unknown act {act.act!r}")


def procedure_value(row: AdoptionProcedure) -> consensus.Procedure:
    """The procedure with every stored act replayed, in the order they were accepted."""
    procedure = opened_value(row)
    prefetched = getattr(row, "_prefetched_objects_cache", {}).get("acts")
    acts = (
        sorted(prefetched, key=lambda act: (act.at, act.id))
        if prefetched is not None
        else row.acts.order_by("at", "id")
    )
    for act in acts:
        procedure = apply_act(procedure, act)
    return procedure


def domain_fingerprint(key: SigningKey) -> str:
    """The fingerprint as the domain and bundles write it (groups of four, spaces).

    `members` stores it with colons; both are the same SHA-256, so one is read as the other.
    """
    return key.fingerprint.replace(":", " ")


def public_key_entry(key: SigningKey) -> signing.PublicKeyEntry:
    return signing.PublicKeyEntry(
        state=key.state_id,
        public_key=key.public_key,
        valid_from=key.valid_from,
        valid_until=key.valid_until,
    )


def signature_entry(row: Signature) -> signing.SignatureEntry:
    return signing.SignatureEntry(
        state=row.state_id,
        key_fingerprint=row.key_fingerprint,
        signed_at=row.signed_at,
        signature=row.signature,
        adoption_record_sha256=row.record_sha256,
    )


def bundle_for(
    procedure: AdoptionProcedure,
    keys: Iterable[SigningKey],
    signatures: Iterable[Signature],
) -> dict[str, Any]:
    """The verification bundle of an adopted procedure (`domain.signing.make_bundle`)."""
    if procedure.record is None:
        raise InvalidInput("the text has not been adopted")
    record = consensus.record_from_dict(procedure.record)
    signatures = list(signatures)
    bundle = signing.make_bundle(
        procedure.text,
        record,
        [public_key_entry(k) for k in keys],
        [signature_entry(s) for s in signatures if s.signed is None],
    )
    bundle["signed_acts"] = acts_section_for(procedure)  # issue 12: its own section
    # A state under its roster signs the text through its head (issue 12).
    bundle["signed_acts"]["signatures"] = [
        {"state": s.state_id, "submitted_at": consensus.format_time(s.submitted_at),
         "signed": s.signed}
        for s in sorted(signatures, key=lambda s: s.state_id)
        if s.signed is not None
    ]  # fmt: skip
    ledger = ledger_section_for(procedure, len(record.adopted_by))  # issue 13: its own section
    if ledger is not None:
        bundle["ledger"] = ledger
    return bundle


def parse_signed_at(value: Any) -> datetime:
    """A signature's time in the bundles' one form; InvalidInput otherwise."""
    if not isinstance(value, str):
        raise InvalidInput("signed_at: a UTC time like 2021-07-15T09:00:00.000000Z")
    return consensus.parse_time(value)
