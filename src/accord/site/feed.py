""" "What is new" as sentences in the reader's language, each linked to its object.

A ledger entry names an action code (`adoption.approve`), an actor and the object; this
turns it into "Kyrgyzstan approved Rev.3 of “Joint statement”." The chair's acts are
credited to the Chair, never to the chair's state; the secretariat's to the Secretariat.
The entries given are already filtered to what the reader may see, and the objects named
are read only for those entries (one query per kind of object).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accord.domain.visibility import Viewer
from accord.ledger.models import LedgerEntry
from accord.members.models import State
from accord.members.public_ids import is_public_id

# Only the chair does these: whoever did them did so as the chair.
CHAIR_ACTIONS = frozenset(
    {
        "document.drafted",
        "revision.issued",
        "adoption.opened",
        "adoption.close",
        "document.chairs_statement",
        "floor.given",
        "agenda.adopted",
    }
)
# The procedure's own outcome, recorded by whoever's act or the clock settled it.
OUTCOMES = {
    "adoption.adopted": lambda n: _("%(revision)s of %(document)s was adopted.") % n,
    "adoption.failed": lambda n: _("Consensus on %(document)s failed.") % n,
    "adoption.returned-to-negotiation": lambda n: _("%(document)s returned to negotiation.") % n,
}
Sentence = Callable[[dict[str, str]], str]
SENTENCES: dict[str, Sentence] = {
    "adoption.approve": lambda n: _("%(actor)s approved %(revision)s of %(document)s.") % n,
    "adoption.approve-ad-referendum": lambda n: (
        _("%(actor)s approved %(revision)s of %(document)s ad referendum.") % n
    ),
    "adoption.confirm-ad-referendum": lambda n: (
        _("%(actor)s confirmed its approval of %(revision)s of %(document)s.") % n
    ),
    "adoption.object": lambda n: _("%(actor)s objected to %(revision)s of %(document)s.") % n,
    "adoption.break-silence": lambda n: (
        _("%(actor)s broke silence on %(revision)s of %(document)s.") % n
    ),
    "adoption.explain": lambda n: (
        _("%(actor)s gave an explanation of position on %(document)s.") % n
    ),
    "adoption.close": lambda n: _("%(actor)s closed the procedure on %(document)s.") % n,
    "adoption.opened": lambda n: _("%(actor)s put %(revision)s of %(document)s to adoption.") % n,
    "document.drafted": lambda n: _("%(actor)s circulated the draft %(document)s.") % n,
    "revision.issued": lambda n: _("%(actor)s issued %(revision)s of %(document)s.") % n,
    "amendment.proposed": lambda n: _("%(actor)s proposed an amendment to %(document)s.") % n,
    "amendment.supported": lambda n: _("%(actor)s supported an amendment to %(document)s.") % n,
    "amendment.opposed": lambda n: _("%(actor)s opposed an amendment to %(document)s.") % n,
    "amendment.withdrawn": lambda n: _("%(actor)s withdrew its amendment to %(document)s.") % n,
    "document.signed": lambda n: _("%(actor)s signed %(document)s.") % n,
    "document.chairs_statement": lambda n: _("%(actor)s issued a chair's statement.") % n,
    "concern.raised": lambda n: _("%(actor)s raised a concern: %(concern)s.") % n,
    "concern.co_sponsored": lambda n: _("%(actor)s co-sponsored the concern %(concern)s.") % n,
    "concern.moved": lambda n: _("The concern %(concern)s moved on.") % n,
    "meeting.convened": lambda n: _("%(actor)s convened %(meeting)s.") % n,
    "agenda.item_added": lambda n: _("%(actor)s added an item to the agenda of %(meeting)s.") % n,
    "agenda.adopted": lambda n: _("%(actor)s adopted the agenda of %(meeting)s.") % n,
    "floor.requested": lambda n: _("%(actor)s asked for the floor at %(meeting)s.") % n,
    "floor.given": lambda n: _("%(actor)s gave the floor at %(meeting)s.") % n,
    "intervention.delivered": lambda n: _("%(actor)s spoke at %(meeting)s.") % n,
    "document.attached": lambda n: _("%(actor)s circulated a document at %(meeting)s.") % n,
    "bilateral.requested": lambda n: _("%(actor)s asked for a bilateral.") % n,
    "bilateral.accepted": lambda n: _("%(actor)s accepted a bilateral.") % n,
    "bilateral.declined": lambda n: _("%(actor)s declined a bilateral.") % n,
    "notification.acknowledged": lambda n: _("%(actor)s acknowledged a notification.") % n,
    "notification.replied": lambda n: _("%(actor)s replied to a notification.") % n,
    "hotline.message_sent": lambda n: _("%(actor)s sent a hotline message.") % n,
    "consultation.created": lambda n: _("%(actor)s opened a consultation.") % n,
    "consultation.statement_submitted": lambda n: (
        _("%(actor)s submitted a statement to a consultation.") % n
    ),
    "chair.appointed": lambda n: _("%(actor)s appointed the chair.") % n,
    "state.admitted": lambda n: _("%(actor)s admitted a state.") % n,
}


# Housekeeping that is not news to a delegation: accounts, tokens, alert channels.
NOT_NEWS_PREFIXES = ("person.", "token.", "two_factor.", "contact.", "calendar.", "delegation.")
NOT_NEWS = ("consultation.analysis_updated", "hotline.message_read", "hotline.message_delivered")


def news_for(viewer: Viewer, limit: int = 15) -> QuerySet[LedgerEntry]:
    """The latest entries `viewer` may see that are news (the housekeeping left out)."""
    rows = LedgerEntry.objects.visible_to(viewer)
    for prefix in NOT_NEWS_PREFIXES:
        rows = rows.exclude(action__startswith=prefix)
    return rows.exclude(action__in=NOT_NEWS).order_by("-seq")[:limit]


@dataclass(frozen=True)
class FeedItem:
    at: datetime
    text: str
    url: str


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _object_ids(entries: list[LedgerEntry], label: str, key: str) -> dict[int, str]:
    """seq -> how the entry names the `label` object it is about (its own object or a payload
    key): by public id, or by database key in the entries written before public ids."""
    found = {}
    for e in entries:
        ident = e.object_id if e.object_type == label else e.payload.get(key)
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if isinstance(ident, str) and (ident.isdigit() or is_public_id(ident)):
            found[e.seq] = ident
    return found


def _titles(model: Any, refs: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(ref -> title, ref -> public id) of the rows `refs` name, whichever way."""
    keys = {int(ref) for ref in refs if ref.isdigit()}
    named = {ref for ref in refs if not ref.isdigit()}
    titles, public = {}, {}
    rows = model.objects.filter(Q(pk__in=keys) | Q(public_id__in=named))
    for key, public_id, title in rows.values_list("pk", "public_id", "title"):
        for ref in (str(key), public_id):
            titles[ref], public[ref] = title, public_id
    return titles, public


class _Objects:
    """The documents, meetings, concerns and procedures the entries name, read once."""

    def __init__(self, entries: list[LedgerEntry]) -> None:
        from accord.dialogue.models import Concern, Meeting
        from accord.negotiation.models import AdoptionProcedure, Document, Revision

        self.documents = _object_ids(entries, "negotiation.document", "document")
        self.meetings = _object_ids(entries, "dialogue.meeting", "meeting")
        self.concerns = _object_ids(entries, "dialogue.concern", "concern")
        # Each kind's own map: "3" is a different row for a document and for a meeting.
        self.titles, self.public_document = _titles(Document, set(self.documents.values()))
        self.meeting_titles, self.public_meeting = _titles(Meeting, set(self.meetings.values()))
        self.concern_titles, self.public_concern = _titles(Concern, set(self.concerns.values()))
        procedures = {
            e.seq: _int(e.object_id)
            for e in entries
            if e.object_type == "negotiation.adoptionprocedure"
        }
        acts = {
            e.seq: _int(e.object_id) for e in entries if e.object_type == "negotiation.adoptionact"
        }
        revision_of_procedure = dict(
            AdoptionProcedure.objects.filter(
                pk__in={p for p in procedures.values() if p}
            ).values_list("pk", "revision__number")
        )
        from accord.negotiation.models import AdoptionAct

        revision_of_act = dict(
            AdoptionAct.objects.filter(pk__in={a for a in acts.values() if a}).values_list(
                "pk", "procedure__revision__number"
            )
        )
        revisions = {
            e.seq: _int(e.object_id) for e in entries if e.object_type == "negotiation.revision"
        }
        revision_numbers = dict(
            Revision.objects.filter(pk__in={r for r in revisions.values() if r}).values_list(
                "pk", "number"
            )
        )
        self.revision: dict[int, int] = {}
        for e in entries:
            number = (
                _int(e.payload.get("revision"))
                or revision_of_procedure.get(procedures.get(e.seq) or 0)
                or revision_of_act.get(acts.get(e.seq) or 0)
                or revision_numbers.get(revisions.get(e.seq) or 0)
            )
            if number:
                self.revision[e.seq] = number

    def names_and_url(self, entry: LedgerEntry) -> tuple[dict[str, str], str]:
        names: dict[str, str] = {}
        url = ""
        number = self.revision.get(entry.seq)
        names["revision"] = f"Rev.{number}" if number else _("the text")
        document = self.documents.get(entry.seq)
        if document in self.titles:
            names["document"] = pgettext("quoted title", "“%(title)s”") % {
                "title": self.titles[document]
            }
            url = reverse("negotiation:document", args=[self.public_document[document]])
        else:
            names["document"] = _("a document")
        meeting = self.meetings.get(entry.seq)
        if meeting in self.meeting_titles:
            names["meeting"] = pgettext("quoted name", "“%(title)s”") % {
                "title": self.meeting_titles[meeting]
            }
            url = url or reverse("dialogue:meeting", args=[self.public_meeting[meeting]])
        else:
            names["meeting"] = _("a meeting")
        concern = self.concerns.get(entry.seq)
        if concern in self.concern_titles:
            names["concern"] = pgettext("quoted name", "“%(title)s”") % {
                "title": self.concern_titles[concern]
            }
            url = url or reverse("dialogue:concern", args=[self.public_concern[concern]])
        else:
            names["concern"] = _("a concern")
        return names, url


def actor_name(entry: LedgerEntry, states: dict[str, State]) -> str:
    """Who acted, as a reader names them: the Chair, the Secretariat, a state, Accord."""
    if entry.actor == "system":
        return _("Accord")
    as_chair = entry.action in CHAIR_ACTIONS or bool(entry.payload.get("as_chair"))
    if entry.action == "meeting.convened":
        as_chair = entry.actor_state is not None  # the chair or the secretariat convenes
    if as_chair:
        return _("The Chair")
    code = entry.payload.get("state") if entry.action.startswith("adoption.") else None
    code = code or entry.actor_state
    if code is None:
        return _("The Secretariat")
    state = states.get(code)
    return state.name if state is not None else code


def describe(entries: Iterable[LedgerEntry]) -> list[FeedItem]:
    """Sentences for `entries` (already filtered to what the reader may see)."""
    rows = list(entries)
    objects = _Objects(rows)
    codes = {e.actor_state for e in rows} | {str(e.payload.get("state")) for e in rows}
    states = {s.code: s for s in State.objects.filter(code__in=codes)}
    items = []
    for entry in rows:
        names, url = objects.names_and_url(entry)
        names["actor"] = actor_name(entry, states)
        sentence = OUTCOMES.get(entry.action) or SENTENCES.get(entry.action)
        if sentence is not None:
            text = sentence(names)
        else:
            text = _("%(actor)s made a change recorded in the ledger.") % names
        items.append(FeedItem(entry.recorded_at, text[:1].upper() + text[1:], url))
    return items
