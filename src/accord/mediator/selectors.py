"""Every read of the mediator, for the user asking: who may ask, what is asked about, and
the last suggestions shown.

Seeing comes first (rule 5): the consultation or document is read through its own app's
selector, so an object the user may not see is `NotFound` exactly like an absent one. Only
then does a user who sees it but holds no right to suggestions get `NotPermitted` (403).

Who may ask:
- a state consultation: its moderators (the secretariat, or whoever opened it — a
  restricted consultation is out of the secretariat's sight);
- a bracketed paragraph: the chair, who may also turn a wording into an amendment, and the
  secretariat, who prepares the chair's work but never proposes text for a state.

The predictions name states that are predicted to object; that is the chair's working
material, not something to show every delegation, hence the narrow audience.

Building the mediator's input (`accord.domain.mediation.Subject` and `Positions`) is also
here: it only reads. Only member states count in `Positions.states` (one state, one voice);
observers' words can still become candidates, but they have no row of acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accord.consultations import selectors as consultations
from accord.consultations.models import Consultation, Statement, Vote
from accord.domain import mediation, negotiation
from accord.domain.errors import NotFound, NotPermitted, RuleViolation
from accord.domain.mediation import Stance
from accord.domain.visibility import Visibility
from accord.mediator.models import Mediation
from accord.members.models import State, User
from accord.negotiation import language_versions
from accord.negotiation import selectors as negotiation_selectors
from accord.negotiation.models import Amendment, AmendmentStance, Document, Revision

STANCE_OF_VOTE: dict[int, Stance] = {
    Vote.Value.AGREE.value: "agree",
    Vote.Value.DISAGREE.value: "disagree",
    Vote.Value.PASS.value: "pass",
}


# --- who may ask -------------------------------------------------------------------------


def may_ask_on_consultation(user: User, consultation: Consultation) -> bool:
    return consultations.can_moderate(user, consultation)


def may_ask_on_document(user: User) -> bool:
    return user.is_chair or user.is_secretariat or user.is_superuser


def consultation_for(user: User, consultation_id: int) -> Consultation:
    """The consultation when `user` may ask about it; NotFound / NotPermitted otherwise."""
    consultation = consultations.get_consultation(user, consultation_id)
    if not may_ask_on_consultation(user, consultation):
        raise NotPermitted(
            _("Only the secretariat or whoever opened the consultation sees suggested wordings.")
        )
    return consultation


def document_for(user: User, document_id: int) -> Document:
    """The document when `user` may ask about it; NotFound / NotPermitted otherwise."""
    document = negotiation_selectors.get_document(user, document_id)
    if not may_ask_on_document(user):
        raise NotPermitted(_("Only the chair and the secretariat see suggested wordings."))
    return document


# --- the mediator's input ----------------------------------------------------------------


def _member_codes(audience_states: frozenset[str], visibility: str) -> frozenset[str]:
    """The member states taking part: the named ones of a restricted object, else all."""
    members = State.objects.filter(status=State.Status.MEMBER, left_on__isnull=True)
    if visibility == Visibility.RESTRICTED.value:
        members = members.filter(code__in=audience_states)
    elif visibility == Visibility.DELEGATION.value:
        return frozenset()
    return frozenset(members.values_list("code", flat=True))


def consultation_input(consultation: Consultation) -> tuple[mediation.Subject, mediation.Positions]:
    """The consultation's question and its accepted statements with the states' votes.

    Only state consultations: the scorer predicts acceptance per *state* and lets any
    predicted objection weigh as a veto. An open consultation's seats are individual
    experts (thousands of them), so the least-satisfied one vetoes nearly everything, and
    its opinion groups move with every analysis, so stored suggestions would name groups
    that no longer exist. The opinion map's consensus and bridging statements are the
    right tool there.
    """
    if not consultation.is_state_consultation:
        raise RuleViolation(
            _(
                "The mediator predicts acceptance per state, so it works on state "
                "consultations only. For an open consultation, see the opinion map's "
                "consensus and bridging statements."
            )
        )
    audience = consultation.audience
    states = _member_codes(audience.states, consultation.visibility)
    rows = Statement.objects.filter(
        consultation=consultation, status=Statement.Status.ACCEPTED
    ).select_related("author_participant", "author")
    statements = tuple(
        mediation.Statement(
            id=f"s{row.number}",
            text=row.text,
            author=_statement_author(row),
        )
        for row in rows.order_by("number")
    )
    votes = tuple(
        mediation.Vote(state=state, statement_id=f"s{number}", stance=STANCE_OF_VOTE[value])
        for state, number, value in Vote.objects.filter(
            consultation=consultation,
            statement__status=Statement.Status.ACCEPTED,
            participant__state_id__in=states,
        )
        .order_by("participant__state_id", "statement__number")
        .values_list("participant__state_id", "statement__number", "value")
    )
    subject = mediation.Subject("concern", (consultation.question or consultation.title).strip())
    return subject, mediation.Positions(states=states, statements=statements, votes=votes)


def _statement_author(row: Statement) -> str | None:
    if row.author_participant is not None and row.author_participant.state_id:
        return str(row.author_participant.state_id)
    if row.author is not None and row.author.state_id:
        return str(row.author.state_id)
    return None


@dataclass(frozen=True)
class ParagraphInput:
    """What the mediator is asked about in a document, and where its answer would go."""

    document: Document
    revision: negotiation.Revision
    paragraph: negotiation.Paragraph
    label: str
    bracket: negotiation.Bracket
    segment: int  # index of the bracket among the paragraph's segments
    subject: mediation.Subject
    positions: mediation.Positions
    # Each source's wording in the other language versions (`aligned_sources`).
    aligned: dict[mediation.SourceKey, mediation.AlignedSource]


def current_paragraph(
    user: User, document: Document, paragraph_id: int
) -> tuple[negotiation.Revision, negotiation.Paragraph, str]:
    """The current revision, the paragraph with that id in it, and its label (`OP2`)."""
    _row, revision, paragraph, label = _current(user, document, paragraph_id)
    return revision, paragraph, label


def _current(
    user: User, document: Document, paragraph_id: int
) -> tuple[Revision, negotiation.Revision, negotiation.Paragraph, str]:
    view = negotiation_selectors.get_revision(user, document.pk)
    revision = view.value
    paragraph = next((p for p in revision.paragraphs if p.id == paragraph_id), None)
    if paragraph is None:
        raise NotFound(_("No such paragraph in the current revision."))
    return view.row, revision, paragraph, revision.labels()[paragraph.id]


def paragraph_input(
    user: User, document: Document, paragraph_id: int, bracket_id: int | None = None
) -> ParagraphInput:
    """One bracket of a paragraph of the current revision, with the states' positions on it.

    Positions: the alternatives' backers, and the amendments against the current revision
    that target this bracket with their supporters and opponents. A paragraph that holds
    no bracket has nothing to mediate (409); one that does not exist is NotFound.
    """
    row, revision, paragraph, label = _current(user, document, paragraph_id)
    brackets = [
        (index, segment)
        for index, segment in enumerate(paragraph.segments)
        if isinstance(segment, negotiation.Bracket)
    ]
    if not brackets:
        raise RuleViolation(
            _("%(label)s holds no bracket: there is no disputed wording to mediate.")
            % {"label": label}
        )
    if bracket_id is None:
        segment, bracket = brackets[0]
    else:
        found = [(i, b) for i, b in brackets if b.id == bracket_id]
        if not found:
            raise NotFound(_("No such bracket in this paragraph."))
        segment, bracket = found[0]
    states = _member_codes(document.audience.states, document.visibility)
    subject = mediation.Subject(
        "paragraph",
        paragraph.render(),
        tuple(
            mediation.Alternative(a.text, frozenset(a.backers) & states)
            for a in bracket.alternatives
        ),
    )
    rows = list(
        Amendment.objects.filter(
            document=document,
            against=document.current_revision,
            paragraph_id=paragraph.id,
            kind=Amendment.Kind.REPLACE_SPAN,
            span_segment=segment,
            withdrawn_at__isnull=True,
        )
        .prefetch_related("stances")
        .order_by("id")
    )
    amendments = tuple(_amendment(a, states) for a in rows)
    return ParagraphInput(
        document=document,
        revision=revision,
        paragraph=paragraph,
        label=label,
        bracket=bracket,
        segment=segment,
        subject=subject,
        positions=mediation.Positions(states=states, amendments=amendments),
        aligned=aligned_sources(document, row, paragraph.id, bracket.id, rows),
    )


def aligned_sources(
    document: Document, row: Revision, paragraph_id: int, bracket_id: int,
    amendments: list[Amendment],
) -> dict[mediation.SourceKey, mediation.AlignedSource]:  # fmt: skip
    """The bracket's alternatives and the amendments on it, each with its wording in the
    other language versions of `row` (the revision the mediator read): the alternative of
    the same index in the same bracket of each version, the amendment's own translations.
    Empty for a document in one language. Precondition: `document` read for the viewer."""
    language, versions = language_versions.aligned_versions(document, row)
    if not versions:
        return {}
    sources = mediation.bracket_sources(versions, language, paragraph_id, bracket_id)
    for amendment in amendments:
        translated = {
            code: str(amendment.translations[code].get("text", ""))
            for code in versions
            if code != language and isinstance(amendment.translations.get(code), dict)
        }
        sources[("amendment", amendment.code)] = mediation.AlignedSource(amendment.text, translated)
    return sources


def _amendment(row: Amendment, states: frozenset[str]) -> mediation.Amendment:
    stances = list(row.stances.all())
    supporters = {s.state_id for s in stances if s.stance == AmendmentStance.Stance.SUPPORT}
    opposers = {s.state_id for s in stances if s.stance == AmendmentStance.Stance.OPPOSE}
    return mediation.Amendment(
        id=row.code,
        proposer=str(row.proposer_state_id),
        text=row.text,
        supporters=frozenset(supporters) & states,
        opposers=frozenset(opposers - {row.proposer_state_id}) & states,
    )


# --- the last suggestions ----------------------------------------------------------------


def latest_for_consultation(
    user: User, consultation_id: int
) -> tuple[Consultation, Mediation | None]:
    consultation = consultation_for(user, consultation_id)
    latest = Mediation.objects.filter(consultation=consultation).order_by("-requested_at", "-id")
    return consultation, latest.first()


def latest_for_paragraph(
    user: User, document_id: int, paragraph_id: int
) -> tuple[Document, Mediation | None]:
    document = document_for(user, document_id)
    latest = Mediation.objects.filter(document=document, paragraph_id=paragraph_id).order_by(
        "-requested_at", "-id"
    )
    return document, latest.first()


def wording(asked: Mediation, rank: int) -> dict[str, Any]:
    """The stored wording of that rank; NotFound when the suggestions hold none."""
    for item in asked.result.get("wordings", []):
        if item.get("rank") == rank:
            return dict(item)
    raise NotFound(_("No suggested wording has that rank."))
