"""Who may do what in a negotiation: the checks every service starts with.

Seeing comes first: an actor who may not see a document gets `NotFound`, exactly as if it
did not exist (rule 5). Only then do these say `NotPermitted` (403).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accord.domain.errors import NotFound, NotPermitted
from accord.members.models import State, User
from accord.negotiation.models import Document


def visible_documents(user: User | None) -> QuerySet[Document]:
    """Documents `user` may see (None: the public), filtered in the query."""
    from accord.domain.visibility import ANONYMOUS

    viewer = user.viewer() if user is not None and user.is_authenticated else ANONYMOUS
    return Document.objects.visible_to(viewer)


def document_for(user: User | None, document_id: int, *, lock: bool = False) -> Document:
    """The document if `user` may see it; NotFound for absent and hidden alike.

    With `lock`, the row is locked for the rest of the caller's transaction.
    """
    queryset = visible_documents(user)
    if lock:
        # Lock only the document row: visible_to may join other tables.
        found = queryset.filter(pk=document_id).values_list("pk", flat=True).first()
        if found is None:
            raise NotFound(_("No such document."))
        return Document.objects.select_for_update().get(pk=found)
    document = queryset.filter(pk=document_id).first()
    if document is None:
        raise NotFound(_("No such document."))
    return document


def member_state_of(actor: User) -> State:
    """The actor's state when it is a current member; NotPermitted otherwise."""
    state = actor.state
    if state is None or not state.is_member or state.left_on is not None:
        raise NotPermitted(_("Only the delegation of a member state may do this."))
    return state


def head_state_of(actor: User) -> State:
    """The state the actor speaks for as its head (one state, one voice)."""
    if actor.state is None:
        raise NotPermitted(_("Only a head of delegation speaks for a state."))
    if not actor.is_head:
        raise NotPermitted(_("Only the head of delegation speaks for the state here."))
    return actor.state


def require_chair(actor: User, *, meeting_id: int | None = None) -> State:
    """The state of the chair, or of a co-chair of the text's meeting (`meeting_id`), who
    shares the chair there; NotPermitted for anyone else."""
    if actor.state is None or not (actor.is_chair or co_chairs(actor, meeting_id)):
        raise NotPermitted(_("Only the chair or a co-chair of the meeting may do this."))
    return actor.state


def co_chairs(actor: User, meeting_id: int | None) -> bool:
    """Whether `actor` holds a co-chair's office at the meeting now (the chair appoints
    co-chairs per meeting, `proceedings.chairing.appoint`)."""
    if meeting_id is None or not actor.is_authenticated:
        return False
    from accord.proceedings.models import ChairOffice

    return ChairOffice.objects.filter(
        meeting_id=meeting_id, holder=actor, office=ChairOffice.Office.CO_CHAIR,
        ended_at__isnull=True,
    ).exists()  # fmt: skip


def presides(actor: User, meeting_id: int | None) -> bool:
    """The chair, or a co-chair at the meeting: whom the chair's controls are shown to."""
    return actor.is_chair or co_chairs(actor, meeting_id)
