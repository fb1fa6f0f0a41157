"""Only what the person may do is offered (what they may not do is absent, with the
reason); a refusal is a full sentence, in the error style, next to its field, with what
was typed kept; a success says what happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from page_clients import signed_in

pytestmark = pytest.mark.django_db


def test_a_delegate_is_not_offered_a_new_document_but_told_why(region) -> None:
    page = signed_in(region.delegate("KGZ")).get("/documents/new/").content.decode()
    assert 'name="paragraphs"' not in page
    assert "Only the chair circulates drafts." in page
    assert 'name="paragraphs"' in signed_in(region.chair).get("/documents/new/").content.decode()


def test_a_delegate_is_not_offered_the_signed_bundle_upload(region, draft) -> None:
    document = draft()
    page = (
        signed_in(region.delegate("KGZ"))
        .get(f"/documents/{document.public_id}/sign/")
        .content.decode()
    )
    assert 'id="sign-form"' not in page
    assert "Only the head of a member state's delegation submits its state's signature." in page
    head = (
        signed_in(region.head("KGZ")).get(f"/documents/{document.public_id}/sign/").content.decode()
    )
    assert 'id="sign-form"' in head


def meeting_with_agenda(region):
    from accord.dialogue import services

    start = timezone.now() + timedelta(hours=1)
    meeting = services.convene_meeting(
        actor=region.chair, title="Senior officials", kind="senior_officials",
        starts_at=start, ends_at=start + timedelta(hours=8),
        participants=["KAZ", "KGZ", "TJK", "UZB"], venue="Bishkek",
    )  # fmt: skip
    first = services.add_agenda_item(actor=region.chair, meeting_id=meeting.pk, title="Water")
    services.add_agenda_item(actor=region.chair, meeting_id=meeting.pk, title="Borders")
    return meeting, first


def test_deliver_is_offered_only_with_the_floor_and_only_on_that_item(region) -> None:
    from accord.dialogue import services

    meeting, first = meeting_with_agenda(region)
    url = f"/meetings/{meeting.public_id}/"
    client = signed_in(region.delegate("KGZ"))
    assert "Delegations speak once the agenda is adopted." in client.get(url).content.decode()
    services.adopt_agenda(actor=region.chair, meeting_id=meeting.pk)
    page = client.get(url).content.decode()
    assert 'id="speak"' not in page
    assert "Your delegation speaks once the chair gives it the floor" in page
    floor = services.request_floor(
        actor=region.delegate("KGZ"), meeting_id=meeting.pk, item_id=first.pk
    )
    services.give_floor(actor=region.chair, meeting_id=meeting.pk, request_id=floor.pk)
    page = client.get(url).content.decode()
    form = page[page.index('id="speak"') : page.index("</form>", page.index('id="speak"'))]
    assert "1. Water" in form and "Borders" not in form
    assert 'id="speak"' in signed_in(region.chair).get(url).content.decode()


def test_a_concern_offers_only_the_statuses_it_may_reach(region) -> None:
    from accord.dialogue import services

    concern = services.raise_concern(
        actor=region.delegate("KGZ"), title="Water sharing", summary="Spring releases.",
        category="climate", visibility="members",
    )  # fmt: skip
    url = f"/concerns/{concern.public_id}/"

    def offered(user) -> list[str]:
        page = signed_in(user).get(url).content.decode()
        if 'id="concern-to"' not in page:
            return []
        select = page[
            page.index('id="concern-to"') : page.index("</select>", page.index('id="concern-to"'))
        ]
        return [part.split('"')[0] for part in select.split('value="')[1:]]

    assert offered(region.chair) == ["on_agenda", "closed"]
    assert offered(region.secretariat) == ["on_agenda"]
    assert offered(region.delegate("KGZ")) == ["closed"]  # the raiser withdraws it


def test_an_unknown_time_zone_is_a_sentence_at_its_field_and_the_title_is_kept(region) -> None:
    client = signed_in(region.secretariat)
    body = {
        "title": "Autumn senior officials", "kind": "senior_officials",
        "starts_at": "2027-03-01T09:00", "ends_at": "2027-03-01T17:00",
        "time_zone": "Mars/Base", "venue": "Astana", "participants": ["KAZ", "KGZ"],
    }  # fmt: skip
    page = client.post("/meetings/convene/", body, follow=True).content.decode()
    said = "“Mars/Base” is not a time zone we know: choose one such as Asia/Almaty."
    assert f'<li class="error"><div role="alert">{said}</div></li>' in page
    assert f'id="time_zone-error">{said}<' in page
    assert 'value="Autumn senior officials"' in page and 'value="Mars/Base"' in page
    assert "time_zone:" not in page
    again = client.get("/meetings/").content.decode()  # kept once, for that page only
    assert 'value="Autumn senior officials"' not in again


def test_a_slot_outside_the_meeting_is_named_by_its_number_and_the_subject_kept(region) -> None:
    meeting, _first = meeting_with_agenda(region)
    body = {
        "meeting": meeting.public_id, "counterpart": "UZB", "subject": "Water quotas",
        "slot_start": ["2031-01-01T10:00"], "slot_end": ["2031-01-01T11:00"],
    }  # fmt: skip
    page = signed_in(region.delegate("KGZ")).post("/bilaterals/request/", body, follow=True)
    text = page.content.decode()
    assert "Proposed time 1 lies outside the meeting’s dates." in text
    assert "slots[1]" not in text
    assert 'value="Water quotas"' in text and 'value="2031-01-01T10:00"' in text


def test_a_success_says_what_happened(region, draft) -> None:
    document = draft()
    answer = signed_in(region.delegate("KGZ")).post(
        f"/documents/{document.public_id}/amendments/",
        {"against": "1", "kind": "replace-paragraph", "paragraph_id": "2", "text": "New words."},
        follow=True,
    )
    said = [str(m) for m in answer.context["messages"]]
    assert said == ["Your amendment was proposed; the delegations can now support or oppose it."]
