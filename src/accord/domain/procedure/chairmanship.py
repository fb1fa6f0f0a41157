"""Chairmanship: the chair, co-chairs, vice-chairs and facilitators, and what each may do.

The chair (and a co-chair, who shares the chair) conducts the meeting. A vice-chair stands in
for the chair when asked. A facilitator is appointed for one paragraph of a text or one
agenda item and holds there only the powers the rules of procedure give facilitators; outside
it, nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.domain.errors import InvalidInput, NotPermitted
from accord.domain.procedure.rules import Power, RulesOfProcedure


class Office(StrEnum):
    CHAIR = "chair"
    CO_CHAIR = "co-chair"
    VICE_CHAIR = "vice-chair"
    FACILITATOR = "facilitator"


@dataclass(frozen=True)
class Mandate:
    """An office held by a state's representative, with its scope for a facilitator."""

    office: Office
    state: str
    paragraph: str = ""  # a facilitator's paragraph of a text ("OP3")
    item: int | None = None  # or a facilitator's agenda item


def check_mandate(mandate: Mandate) -> Mandate:
    """A facilitator is given exactly one paragraph or one item; other offices neither."""
    scoped = bool(mandate.paragraph) + (mandate.item is not None)
    if mandate.office is Office.FACILITATOR and scoped != 1:
        raise InvalidInput("a facilitator is appointed for one paragraph or one agenda item")
    if mandate.office is not Office.FACILITATOR and scoped:
        raise InvalidInput("only a facilitator is appointed for a paragraph or an item")
    return mandate


def check_power(
    rules: RulesOfProcedure,
    mandate: Mandate,
    power: Power,
    *,
    paragraph: str = "",
    item: int | None = None,
) -> None:
    """NotPermitted unless `mandate` gives `power` over `paragraph` (or `item`).

    The chair and co-chairs hold every power everywhere; a vice-chair none of its own.
    """
    if mandate.office in (Office.CHAIR, Office.CO_CHAIR):
        return
    if mandate.office is Office.VICE_CHAIR:
        raise NotPermitted("a vice-chair acts only when standing in for the chair")
    if power not in rules.facilitator_powers:
        raise NotPermitted(
            f"the rules of procedure do not give facilitators the power to {power.value}",
            code="facilitator_power",
        )
    inside = (mandate.paragraph and mandate.paragraph == paragraph) or (
        mandate.item is not None and mandate.item == item
    )
    if not inside:
        given = f"paragraph {mandate.paragraph}" if mandate.paragraph else f"item {mandate.item}"
        raise NotPermitted(
            f"the facilitator acts only on the {given} given", code="outside_mandate"
        )
