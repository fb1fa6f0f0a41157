"""The dialogue's part of the demo: concerns, the Guilin ministerial meeting (22–23 March
2021) with its agenda, list of speakers and interventions, a bilateral on its sidelines,
the Tashkent meeting (15 July 2021), and a working group that meets soon.

An illustrative exercise built from public reporting, not a record of real positions.
Everything goes through the services, as a delegation would do it; only the times at
which the 2021 interventions were spoken are set afterwards, because the services stamp
the moment of the call (the ledger keeps the real moment the demo was loaded).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from accord.members.models import User
from accord.site.demo import DemoScenario

from . import services
from .models import AgendaItem, Concern, Intervention, Meeting

GUILIN = ZoneInfo("Asia/Shanghai")
TASHKENT = ZoneInfo("Asia/Tashkent")
MEMBERS = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
LABEL = "Illustrative exercise, not a record of real positions."


def _at(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


class _Floor:
    """Speaking at a meeting as it happens there: ask for the floor, be given it, speak."""

    def __init__(self, meeting: Meeting, chair: User, start: datetime) -> None:
        self.meeting = meeting
        self.chair = chair
        self.clock = start

    def speak(
        self,
        speaker: User,
        item: AgendaItem,
        text: str,
        *,
        language: str = "en",
        kind: str = "statement",
        in_reply_to: Intervention | None = None,
    ) -> Intervention:
        request = services.request_floor(actor=speaker, meeting_id=self.meeting.pk, item_id=item.pk)
        services.give_floor(actor=self.chair, meeting_id=self.meeting.pk, request_id=request.pk)
        return self._stamp(
            services.deliver_intervention(
                actor=speaker,
                meeting_id=self.meeting.pk,
                item_id=item.pk,
                kind=kind,
                language=language,
                text=text,
                in_reply_to=in_reply_to.pk if in_reply_to else None,
            )
        )

    def preside(self, item: AgendaItem, text: str, *, language: str = "en") -> Intervention:
        return self._stamp(
            services.deliver_intervention(
                actor=self.chair,
                meeting_id=self.meeting.pk,
                item_id=item.pk,
                kind="statement",
                language=language,
                text=text,
                as_chair=True,
            )
        )

    def _stamp(self, intervention: Intervention) -> Intervention:
        self.clock += timedelta(minutes=9)
        Intervention.objects.filter(pk=intervention.pk).update(delivered_at=self.clock)
        return intervention


def _concerns(p: dict[str, User], when: datetime) -> dict[str, Concern]:
    def raise_(
        key: str,
        by: str,
        title: str,
        category: str,
        summary: str,
        *,
        affected_states: Sequence[str] = (),
        visibility: str = "participants",
        restricted_to: Sequence[str] = (),
    ) -> None:
        found[key] = services.raise_concern(
            actor=p[by],
            title=title,
            category=category,
            summary=f"{summary}\n\n{LABEL}",
            affected_states=affected_states,
            visibility=visibility,
            restricted_to=restricted_to,
        )

    found: dict[str, Concern] = {}
    raise_(
        "afghanistan",
        "uzb-head",
        "The situation in Afghanistan",
        "terrorism",
        "The withdrawal of foreign forces and the risk that terrorist and extremist groups "
        "use Afghan territory; drug trafficking across the region's borders.",
        affected_states=["AFG", "TJK", "UZB", "PAK"],
    )
    raise_(
        "iran",
        "rus-delegate",
        "The Iranian nuclear issue",
        "non_proliferation",
        "A return to full implementation of the Joint Comprehensive Plan of Action by all "
        "its parties, and the lifting of unilateral sanctions.",
        affected_states=["IRN"],
    )
    raise_(
        "myanmar",
        "chn-delegate",
        "The situation in Myanmar",
        "humanitarian",
        "Stability after the events of February 2021; avoiding violence and outside "
        "interference; humanitarian access.",
    )
    raise_(
        "asia_pacific",
        "rus-head",
        "Security in the Asia-Pacific region",
        "other",
        "An inclusive, non-bloc architecture of security in the Asia-Pacific; concern at "
        "closed military alliances.",
    )
    raise_(
        "outer_space",
        "rus-delegate",
        "Preventing an arms race in outer space",
        "arms_control",
        "A legally binding instrument on the prevention of an arms race in outer space and "
        "of the placement of weapons there.",
    )
    raise_(
        "biosafety",
        "chn-head",
        "Biosafety and the Biological Weapons Convention",
        "biosafety",
        "Strengthening the Biological Weapons Convention, with a verification mechanism; "
        "transparency of military biological activity abroad.",
    )
    raise_(
        "information",
        "kaz-delegate",
        "International information security",
        "cyber",
        "Rules of responsible behaviour of states in the use of information and "
        "communication technologies, under the United Nations.",
        affected_states=["KAZ", "KGZ", "TJK", "UZB"],
    )
    raise_(
        "climate",
        "kgz-head",
        "Climate change and the glaciers of Central Asia",
        "climate",
        "Shrinking glaciers, water stress and disasters; adaptation finance.",
        visibility="public",
        affected_states=["KGZ", "TJK", "KAZ"],
    )
    raise_(
        "covid",
        "chn-delegate",
        "COVID-19: vaccines and the reopening of borders",
        "health",
        "Vaccine cooperation, mutual recognition of health certificates and the "
        "reopening of border crossings for trade.",
        visibility="public",
    )
    raise_(
        "water",
        "kaz-head",
        "Shared rivers: seasonal water releases",
        "borders",
        "Notice of seasonal releases on shared rivers, between the two riparian states.",
        visibility="restricted",
        restricted_to=["UZB"],
    )
    for key in ("afghanistan", "information"):
        services.co_sponsor_concern(actor=p["chn-head"], concern_id=found[key].pk)
    services.co_sponsor_concern(actor=p["chn-head"], concern_id=found["asia_pacific"].pk)
    for key in ("afghanistan", "biosafety"):
        services.co_sponsor_concern(actor=p["rus-delegate"], concern_id=found[key].pk)
    services.co_sponsor_concern(actor=p["tjk-head"], concern_id=found["afghanistan"].pk)
    services.co_sponsor_concern(actor=p["chn-delegate"], concern_id=found["outer_space"].pk)
    for index, concern in enumerate(found.values()):
        Concern.objects.filter(pk=concern.pk).update(raised_at=when + timedelta(days=index))
    return found


def _guilin(p: dict[str, User], concerns: dict[str, Concern]) -> Meeting:
    chair = p["chair"]
    meeting = services.convene_meeting(
        actor=p["secretariat"],
        title="Ministerial meeting, Guilin (illustrative exercise)",
        kind="ministerial",
        starts_at=_at(GUILIN, 2021, 3, 22, 9),
        ends_at=_at(GUILIN, 2021, 3, 23, 18),
        time_zone="Asia/Shanghai",
        venue="Guilin, Guangxi",
        participants=MEMBERS,
        observers=["IRN", "MNG", "AFG", "UNO"],
        sittings=[
            ("First plenary sitting", _at(GUILIN, 2021, 3, 22, 9), _at(GUILIN, 2021, 3, 22, 12)),
            ("Second plenary sitting", _at(GUILIN, 2021, 3, 22, 15), _at(GUILIN, 2021, 3, 22, 18)),
            ("Closing sitting", _at(GUILIN, 2021, 3, 23, 9), _at(GUILIN, 2021, 3, 23, 12)),
        ],
    )
    items = {
        key: services.add_agenda_item(
            actor=chair, meeting_id=meeting.pk, concern_id=concerns[key].pk
        )
        for key in ("afghanistan", "iran", "outer_space", "biosafety", "myanmar")
    }
    services.adopt_agenda(actor=chair, meeting_id=meeting.pk)
    for key in ("afghanistan", "iran", "outer_space"):
        services.move_concern(actor=chair, concern_id=concerns[key].pk, to="under_dialogue")

    floor = _Floor(meeting, chair, _at(GUILIN, 2021, 3, 22, 9, 5))
    floor.preside(
        items["afghanistan"],
        "I open the meeting. This is an illustrative exercise. We take item 1, Afghanistan.",
    )
    floor.speak(
        p["uzb-head"],
        items["afghanistan"],
        "Uzbekistan proposes a regional contact group on Afghanistan and trade corridors "
        "that give its people an economic future.",
    )
    floor.speak(
        p["rus-head"],
        items["afghanistan"],
        "Россия поддерживает инклюзивный внутриафганский мирный процесс и призывает не "
        "допустить распространения терроризма и наркотиков на сопредельные государства.",
        language="ru",
    )
    floor.speak(
        p["chn-head"],
        items["afghanistan"],
        "中方支持“阿人主导、阿人所有”的和平和解进程，愿同地区国家加强反恐安全合作。",
        language="zh-hans",
    )
    floor.speak(
        p["uno-head"],
        items["afghanistan"],
        "The United Nations briefs on the humanitarian situation: needs have doubled since "
        "last year.",
        kind="briefing",
    )
    question = floor.speak(
        p["ind-delegate"],
        items["afghanistan"],
        "Could Uzbekistan say how the contact group would relate to existing formats?",
        kind="question",
    )
    floor.speak(
        p["uzb-delegate"],
        items["afghanistan"],
        "It would complement them, and report to this dialogue.",
        kind="reply",
        in_reply_to=question,
    )
    floor.clock = _at(GUILIN, 2021, 3, 22, 15, 5)
    floor.speak(
        p["rus-delegate"],
        items["iran"],
        "Все участники СВПД должны вернуться к его полному выполнению.",
        language="ru",
    )
    floor.speak(
        p["irn-head"],
        items["iran"],
        "Iran will return to its commitments once the sanctions are lifted in a verifiable way.",
    )
    floor.speak(
        p["chn-delegate"],
        items["outer_space"],
        "中俄关于防止在外空放置武器条约草案应成为谈判基础。",
        language="zh-hans",
    )
    floor.speak(
        p["ind-head"],
        items["outer_space"],
        "India supports negotiations, and asks that verification be addressed from the start.",
    )
    floor.clock = _at(GUILIN, 2021, 3, 23, 9, 5)
    floor.speak(
        p["kaz-head"],
        items["biosafety"],
        "Kazakhstan proposes an international agency for biological safety.",
    )
    floor.preside(
        items["outer_space"],
        "There is no consensus on a joint text on outer space; the Chair will issue a "
        "chair's statement under the Chair's own responsibility.",
    )
    services.move_concern(actor=chair, concern_id=concerns["outer_space"].pk, to="chairs_statement")
    services.attach_document(
        actor=p["secretariat"],
        meeting_id=meeting.pk,
        title="Provisional agenda",
        language="en",
        body="1. Afghanistan\n2. The Iranian nuclear issue\n3. Outer space\n4. Biosafety\n"
        "5. Myanmar\n\n" + LABEL,
    )
    services.attach_document(
        actor=p["chn-delegate"],
        meeting_id=meeting.pk,
        title="关于外空安全的非文件",
        language="zh-hans",
        body="非文件：防止外空军备竞赛的要素。（示例演练）",
    )
    return meeting


def _bilateral(p: dict[str, User], guilin: Meeting) -> None:
    """China and Russia meet between the first and second sittings: only they see it."""
    bilateral = services.request_bilateral(
        actor=p["chn-head"],
        meeting_id=guilin.pk,
        counterpart="RUS",
        subject="Joint statement on global governance",
        slots=[
            (_at(GUILIN, 2021, 3, 22, 12, 30), _at(GUILIN, 2021, 3, 22, 13, 30)),
            (_at(GUILIN, 2021, 3, 22, 18, 30), _at(GUILIN, 2021, 3, 22, 19, 30)),
        ],
    )
    first = bilateral.slots.order_by("starts_at").first()
    assert first is not None
    services.accept_bilateral(actor=p["rus-head"], bilateral_id=bilateral.pk, slot_id=first.pk)
    bilateral.refresh_from_db()
    assert bilateral.session_id is not None
    for speaker, language, text in [
        ("chn-head", "zh-hans", "我们希望双方外长联合声明阐明对全球治理的共同立场。"),
        (
            "rus-head",
            "ru",
            "Согласны. Предлагаем добавить раздел о праве международной безопасности.",
        ),
    ]:
        services.deliver_intervention(
            actor=p[speaker],
            meeting_id=bilateral.session_id,
            kind="statement",
            language=language,
            text=f"{text} ({LABEL})",
        )
    services.request_bilateral(
        actor=p["kaz-head"],
        meeting_id=guilin.pk,
        counterpart="UZB",
        subject="Seasonal water releases",
        slots=[(_at(GUILIN, 2021, 3, 23, 13), _at(GUILIN, 2021, 3, 23, 14))],
    )


def _tashkent(p: dict[str, User], concerns: dict[str, Concern]) -> Meeting:
    chair = p["chair"]
    meeting = services.convene_meeting(
        actor=chair,
        title="Senior officials meeting, Tashkent (illustrative exercise)",
        kind="senior_officials",
        starts_at=_at(TASHKENT, 2021, 7, 15, 9),
        ends_at=_at(TASHKENT, 2021, 7, 15, 18),
        time_zone="Asia/Tashkent",
        venue="Tashkent, Congress Hall",
        participants=MEMBERS,
        observers=["AFG", "UNO"],
        sittings=[("Plenary", _at(TASHKENT, 2021, 7, 15, 10), _at(TASHKENT, 2021, 7, 15, 16))],
    )
    covid = services.add_agenda_item(
        actor=chair, meeting_id=meeting.pk, concern_id=concerns["covid"].pk
    )
    services.add_agenda_item(actor=chair, meeting_id=meeting.pk, concern_id=concerns["climate"].pk)
    services.adopt_agenda(actor=chair, meeting_id=meeting.pk)
    services.move_concern(actor=chair, concern_id=concerns["covid"].pk, to="under_dialogue")
    floor = _Floor(meeting, chair, _at(TASHKENT, 2021, 7, 15, 10, 5))
    floor.speak(
        p["uzb-head"],
        covid,
        "Uzbekistan proposes mutual recognition of vaccination certificates.",
    )
    floor.speak(
        p["kgz-delegate"],
        covid,
        "Кыргызстан поддерживает скорейшее открытие пунктов пропуска для грузов.",
        language="ru",
    )
    floor.speak(p["chn-head"], covid, "中方愿继续向地区国家提供疫苗。", language="zh-hans")
    services.move_concern(
        actor=chair,
        concern_id=concerns["covid"].pk,
        to="outcome_adopted",
        note="Recommendations on border crossings adopted by consensus.",
    )
    services.move_concern(actor=chair, concern_id=concerns["covid"].pk, to="follow_up")
    return meeting


def _upcoming(p: dict[str, User], now: datetime, concerns: dict[str, Concern]) -> Meeting:
    """A working group that meets in nine days, its agenda still to be adopted."""
    start = (now + timedelta(days=9)).replace(hour=2, minute=0, second=0, microsecond=0)
    meeting = services.convene_meeting(
        actor=p["chair"],
        title="Working group on information security (illustrative exercise)",
        kind="working_group",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        time_zone="Asia/Shanghai",
        venue="Beijing",
        online_url="https://meet.example.org/accord-wg-ict",
        participants=MEMBERS,
        observers=["MNG", "UNO"],
        sittings=[
            ("Morning sitting", start, start + timedelta(hours=3)),
            ("Afternoon sitting", start + timedelta(hours=5), start + timedelta(hours=8)),
        ],
    )
    services.add_agenda_item(
        actor=p["secretariat"], meeting_id=meeting.pk, concern_id=concerns["information"].pk
    )
    services.add_agenda_item(
        actor=p["secretariat"], meeting_id=meeting.pk, concern_id=concerns["asia_pacific"].pk
    )
    services.request_bilateral(
        actor=p["kaz-head"],
        meeting_id=meeting.pk,
        counterpart="CHN",
        subject="Cyber incident contact points",
        slots=[(start + timedelta(hours=3, minutes=15), start + timedelta(hours=4, minutes=15))],
    )
    return meeting


def load(scenario: DemoScenario) -> None:
    people = scenario.people
    concerns = _concerns(people, datetime(2021, 3, 1, 9, tzinfo=GUILIN))
    guilin = _guilin(people, concerns)
    _bilateral(people, guilin)
    _tashkent(people, concerns)
    _upcoming(people, scenario.now, concerns)
    scenario.notes.append(
        "Dialogue: the Guilin ministerial meeting (22–23 March 2021) and Tashkent (15 July "
        "2021), a working group in nine days — an illustrative exercise."
    )
