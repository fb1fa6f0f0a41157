"""The adoption acts have one dispatch table, used by the API and the page (issue 16)."""

from __future__ import annotations

import typing

import pytest

from accord.domain.errors import InvalidInput
from accord.negotiation.adoption_acts import ACT_NAMES, ActRequest, perform_act
from accord.negotiation.models import AdoptionAct
from accord.negotiation.schemas import AdoptionActIn


def test_the_api_the_page_and_the_model_name_the_same_acts():
    in_schema = typing.get_args(AdoptionActIn.model_fields["act"].annotation)
    assert set(in_schema) == set(ACT_NAMES)
    assert set(ACT_NAMES) == {*AdoptionAct.Act.values, "dissociate"}


@pytest.mark.django_db
def test_an_unknown_act_is_refused_before_any_service_runs():
    with pytest.raises(InvalidInput) as refused:
        perform_act(actor=None, document_id=1, asked=ActRequest("abstain"))  # type: ignore[arg-type]
    assert refused.value.field == "act"


@pytest.mark.django_db
def test_approving_ad_referendum_without_a_deadline_is_refused_with_its_field():
    with pytest.raises(InvalidInput) as refused:
        perform_act(
            actor=None,  # type: ignore[arg-type]
            document_id=1,
            asked=ActRequest("approve-ad-referendum"),
        )
    assert refused.value.field == "confirm_by"
    assert refused.value.message == "Give the deadline for confirmation."
