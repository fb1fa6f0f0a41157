"""The one dispatch table of the adoption acts (issue 16), used by the API and the page: an
act's name (as the API and the form send it) to the service that performs it.

The names are the model's `AdoptionAct.Act` values plus `dissociate`, which is an
explanation naming paragraphs; `schemas.AdoptionActIn` lists the same names for the OpenAPI
document, and a test holds the three together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from accord.domain.errors import InvalidInput
from accord.members.models import User
from accord.negotiation import services
from accord.negotiation.models import AdoptionAct


@dataclass(frozen=True)
class ActRequest:
    """An act as asked for: its name and what it carries."""

    act: str
    reason: str = ""
    confirm_by: datetime | None = None
    paragraphs: Sequence[str] = ()
    signed: Any = None  # issue 12: the signed act, checked by the service (not for `close`)


Perform = Callable[[User, int, ActRequest], AdoptionAct]


def _approve_ad_referendum(actor: User, document_id: int, asked: ActRequest) -> AdoptionAct:
    if asked.confirm_by is None:
        raise InvalidInput(_("Give the deadline for confirmation."), field="confirm_by")
    return services.approve_ad_referendum(
        actor=actor,
        document_id=document_id,
        confirm_by=asked.confirm_by,
        reason=asked.reason,
        signed=asked.signed,
    )


ACTS: dict[str, Perform] = {
    AdoptionAct.Act.APPROVE: lambda actor, doc, asked: services.approve(
        actor=actor, document_id=doc, signed=asked.signed
    ),
    AdoptionAct.Act.APPROVE_AD_REF: _approve_ad_referendum,
    AdoptionAct.Act.CONFIRM: lambda actor, doc, asked: services.confirm_ad_referendum(
        actor=actor, document_id=doc, signed=asked.signed
    ),
    AdoptionAct.Act.OBJECT: lambda actor, doc, asked: services.object_to(
        actor=actor, document_id=doc, reason=asked.reason, signed=asked.signed
    ),
    AdoptionAct.Act.BREAK_SILENCE: lambda actor, doc, asked: services.break_silence(
        actor=actor, document_id=doc, reason=asked.reason, signed=asked.signed
    ),
    AdoptionAct.Act.EXPLAIN: lambda actor, doc, asked: services.attach_explanation(
        actor=actor,
        document_id=doc,
        text=asked.reason,
        dissociate_from=asked.paragraphs,
        signed=asked.signed,
    ),
    "dissociate": lambda actor, doc, asked: services.dissociate(
        actor=actor,
        document_id=doc,
        paragraphs=asked.paragraphs,
        text=asked.reason,
        signed=asked.signed,
    ),
    AdoptionAct.Act.CLOSE: lambda actor, doc, asked: services.close_adoption(
        actor=actor, document_id=doc
    ),
}

ACT_NAMES: tuple[str, ...] = tuple(str(name) for name in ACTS)


def perform_act(*, actor: User, document_id: int, asked: ActRequest) -> AdoptionAct:
    """Perform the act named in `asked` through its service; an unknown name is refused."""
    perform = ACTS.get(asked.act)
    if perform is None:
        raise InvalidInput(_("Unknown act."), field="act")
    return perform(actor, document_id, asked)
