"""Times in the meeting's own time zone next to the viewer's, one date format per
language, and countdowns ("in 2 days", "overdue by 3 h") in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from accord.site.templatetags.accord_time import countdown_text
from page_clients import signed_in

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def almaty_meeting(region):
    from accord.dialogue import services

    return services.convene_meeting(
        actor=region.secretariat, title="Working group", kind="working_group",
        starts_at=datetime(2030, 3, 1, 4, 0, tzinfo=UTC),
        ends_at=datetime(2030, 3, 1, 12, 0, tzinfo=UTC),
        time_zone="Asia/Almaty", participants=["KAZ", "KGZ"], venue="Almaty",
    )  # fmt: skip


def test_the_meeting_shows_its_own_zone_and_the_viewers(region, almaty_meeting) -> None:
    client = signed_in(region.delegate("KGZ"))
    client.cookies["accord_time_zone"] = "Europe/Moscow"
    page = client.get(f"/meetings/{almaty_meeting.public_id}/").content.decode()
    assert "March 1, 2030, 9 a.m." in page and "(Asia/Almaty)" in page  # Almaty is UTC+5
    assert "March 1, 2030, 7 a.m." in page and "(Europe/Moscow)" in page


def test_without_a_choice_the_viewer_reads_utc_beside_the_meetings_zone(
    region, almaty_meeting
) -> None:
    page = (
        signed_in(region.delegate("KGZ"))
        .get(f"/meetings/{almaty_meeting.public_id}/")
        .content.decode()
    )
    assert "(Asia/Almaty)" in page and "March 1, 2030, 4 a.m. UTC" in page


@pytest.mark.parametrize(
    ("language", "written"),
    [("ru", "1 марта 2030 г. 9:00"), ("zh-hans", "2030年3月1日 09:00")],
)
def test_each_language_writes_dates_its_one_way(region, almaty_meeting, language, written) -> None:
    client = signed_in(region.delegate("KGZ"))
    client.cookies["django_language"] = language
    assert written in client.get(f"/meetings/{almaty_meeting.public_id}/").content.decode()


def test_countdowns_in_words() -> None:
    with translation.override("en"):
        assert countdown_text(NOW + timedelta(days=2, hours=1), NOW) == "in 2 days"
        assert countdown_text(NOW - timedelta(hours=3, minutes=5), NOW) == "overdue by 3 h"
        assert countdown_text(NOW + timedelta(minutes=20), NOW) == "in 20 min"
    with translation.override("ru"):
        assert countdown_text(NOW + timedelta(days=2, hours=1), NOW) == "через 2 дня"
        assert countdown_text(NOW - timedelta(hours=3, minutes=5), NOW) == "просрочено на 3 ч"
    with translation.override("zh-hans"):
        assert countdown_text(NOW + timedelta(days=5), NOW) == "5天后"


def test_the_viewer_chooses_a_time_zone_and_a_wrong_one_is_refused(region) -> None:
    client = signed_in(region.delegate("KGZ"))
    refused = client.post("/time-zone/", {"time_zone": "Mars/Base", "next": "/"})
    assert refused.status_code == 422
    assert "Choose a time zone from the list." in refused.content.decode()
    chosen = client.post("/time-zone/", {"time_zone": "Asia/Tashkent", "next": "/"})
    assert chosen.status_code == 302 and chosen.cookies["accord_time_zone"].value == "Asia/Tashkent"
    assert "Times are shown in Asia/Tashkent." in client.get("/").content.decode()


def test_a_notification_writes_its_dates_in_the_readers_one_format(region) -> None:
    from accord.notifications import services
    from fixtures.notifications import exercise_content

    notice = services.send_notification(
        actor=region.delegate("KGZ"), type_key="exercise_notice", content=exercise_content()
    )
    client = signed_in(region.delegate("UZB"))
    client.cookies["django_language"] = "ru"
    page = client.get(f"/notifications/{notice.public_id}/").content.decode()
    assert notice.sent_at.astimezone(UTC).strftime("%d.%m.%Y") in page
    assert notice.sent_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") not in page
