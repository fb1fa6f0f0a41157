"""An object's audience is written in one place (issue 16): `Audienced.audience_fields` for
a new row and the `audience` setter for an existing one, for every model that carries an
audience, whether its owner is a code or a foreign key to a state."""

from __future__ import annotations

import pytest
from django.apps import apps

from accord.domain.visibility import Audience, Visibility
from accord.members.access import Audienced

AUDIENCES = [
    Audience(Visibility.PUBLIC),
    Audience(Visibility.MEMBERS),
    Audience(Visibility.DELEGATION, owner_state="KAZ"),
    Audience(Visibility.RESTRICTED, states=frozenset({"UZB", "KAZ", "TJK"})),
]
MODELS = [
    model
    for model in apps.get_models()
    if issubclass(model, Audienced) and not model._meta.abstract
]


def test_every_audienced_model_is_walked():
    names = {model._meta.label_lower for model in MODELS}
    assert {"dialogue.concern", "dialogue.meeting", "dialogue.bilateral"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
def test_an_audience_written_in_one_place_reads_back_the_same(model):
    for audience in AUDIENCES:
        assert model(**model.audience_fields(audience)).audience == audience
        obj = model()
        obj.audience = audience
        assert obj.audience == audience
        assert obj.audience_states == (",KAZ,TJK,UZB," if audience.states else "")
