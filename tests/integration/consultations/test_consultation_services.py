"""Consultations against a real database: one state one voice, bad input, moderation,
import errors, the analysis recomputed after votes, confidentiality, sovereign equality."""

from __future__ import annotations

from typing import Any

import pytest

from accord.consultations import recompute, selectors, services
from accord.consultations.models import Analysis, Consultation, Participant, Statement, Vote
from accord.domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from accord.ledger.models import LedgerEntry
from accord.members import services as member_services
from accord.members.models import User

PASSWORD = "correct horse battery staple"


def ledger_count() -> int:
    return LedgerEntry.objects.count()


SEEDS = [
    "Terrorism from Afghanistan threatens every state of the region.",
    "Arms control in outer space needs a binding instrument.",
    "Information security needs common rules of state behaviour.",
]


@pytest.fixture(autouse=True)
def _sync_analysis(settings: Any) -> None:
    settings.ACCORD_ANALYSIS_MODE = "sync"
    recompute.forget_models()


def counts() -> tuple[int, int, int, int]:
    return (
        Vote.objects.count(),
        Statement.objects.count(),
        Participant.objects.count(),
        ledger_count(),
    )


def state_consultation(region: Any, **kwargs: Any) -> Consultation:
    return services.create_consultation(
        actor=region.secretariat,
        title="Regional security concerns",
        kind="state",
        visibility=kwargs.pop("visibility", "members"),
        statements=SEEDS,
        **kwargs,
    )


def open_consultation(region: Any) -> Consultation:
    return services.create_consultation(
        actor=region.secretariat,
        title="Track 2: experts",
        kind="open",
        visibility="participants",
        statements=SEEDS,
    )


def expert(region: Any, name: str) -> User:
    return member_services.add_person(
        actor=region.secretariat,
        username=name,
        password=PASSWORD,
        role="participant",
        state_code="UNO",
        full_name=name.title(),
    )


# --- one state, one voice ---------------------------------------------------------------


def test_the_head_casts_the_states_vote_and_a_second_vote_replaces_the_first(region):
    c = state_consultation(region)
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="agree")
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="disagree")
    votes = list(Vote.objects.filter(consultation=c).values_list("participant__state_id", "value"))
    assert votes == [("KGZ", -1)]


def test_a_delegate_not_named_cannot_vote_for_the_state(region):
    c = state_consultation(region)
    before = counts()
    with pytest.raises(NotPermitted):
        services.cast_vote(
            actor=region.delegate("KGZ"), consultation_id=c.pk, statement=1, vote="agree"
        )
    assert counts() == before


def test_the_named_delegate_votes_in_the_states_single_seat(region):
    c = state_consultation(region)
    member_services.name_vote_delegate(actor=region.head("KGZ"), delegate=region.delegate("KGZ"))
    services.cast_vote(
        actor=region.delegate("KGZ"), consultation_id=c.pk, statement=1, vote="agree"
    )
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="pass")
    assert list(
        Vote.objects.values_list("participant__state_id", "value", "cast_by__username")
    ) == [("KGZ", 0, "kgz-head")]
    assert Participant.objects.filter(consultation=c).count() == 1


def test_the_chair_holder_does_not_vote_for_the_chairs_state(region):
    c = state_consultation(region)
    before = counts()
    with pytest.raises(NotPermitted):
        services.cast_vote(actor=region.chair, consultation_id=c.pk, statement=1, vote="agree")
    assert counts() == before


def test_an_observer_has_no_vote_in_a_state_consultation(region):
    c = state_consultation(region, visibility="participants")
    before = counts()
    with pytest.raises(NotPermitted):
        services.cast_vote(actor=region.observer, consultation_id=c.pk, statement=1, vote="agree")
    assert counts() == before


def test_a_state_with_more_delegates_does_not_weigh_more(region):
    c = state_consultation(region)
    for n in range(5):  # KAZ's delegation grows; its voice does not
        member_services.add_person(
            actor=region.secretariat,
            username=f"kaz-extra-{n}",
            password=PASSWORD,
            role="delegate",
            state_code="KAZ",
            full_name=f"Extra {n}",
        )
    member_services.name_vote_delegate(actor=region.head("KAZ"), delegate=region.delegate("KAZ"))
    services.cast_vote(actor=region.head("KAZ"), consultation_id=c.pk, statement=1, vote="agree")
    services.cast_vote(
        actor=region.delegate("KAZ"), consultation_id=c.pk, statement=1, vote="agree"
    )
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="disagree")
    rows = sorted(Vote.objects.values_list("participant__state_id", "value"))
    assert rows == [("KAZ", 1), ("KGZ", -1)]
    recompute.recompute(c.pk)
    analysis = Analysis.objects.get(consultation=c)
    assert analysis.result["participants"] == 2
    assert analysis.vote_count == 2


# --- bad input changes nothing ----------------------------------------------------------


@pytest.mark.parametrize("value", ["yes", "AGREE", "", "1"])
def test_a_value_other_than_agree_disagree_pass_is_refused(region, value):
    c = state_consultation(region)
    before = counts()
    with pytest.raises(InvalidInput):
        services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote=value)
    assert counts() == before


def test_a_vote_on_a_rejected_statement_is_refused(region):
    c = state_consultation(region)
    services.moderate_statement(
        actor=region.secretariat, consultation_id=c.pk, number=2, status="rejected"
    )
    before = counts()
    with pytest.raises(RuleViolation):
        services.cast_vote(
            actor=region.head("KGZ"), consultation_id=c.pk, statement=2, vote="agree"
        )
    assert counts() == before


def test_a_vote_by_someone_not_invited_is_refused(region):
    c = open_consultation(region)
    invited = expert(region, "expert-one")
    outsider = expert(region, "expert-two")
    services.invite(actor=region.secretariat, consultation_id=c.pk, user=invited)
    before = counts()
    with pytest.raises(NotPermitted):  # sees the consultation, but was not invited
        services.cast_vote(actor=outsider, consultation_id=c.pk, statement=1, vote="agree")
    with pytest.raises(NotPermitted):  # a head of delegation, but not invited
        services.cast_vote(
            actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="agree"
        )
    assert counts() == before
    services.cast_vote(actor=invited, consultation_id=c.pk, statement=1, vote="agree")
    assert Vote.objects.get().participant.user == invited


def test_a_batch_with_one_bad_vote_changes_nothing(region):
    c = state_consultation(region)
    before = counts()
    with pytest.raises(InvalidInput):
        services.cast_votes(
            actor=region.head("KGZ"),
            consultation_id=c.pk,
            votes=[services.VoteIn(1, "agree"), services.VoteIn(2, "maybe")],
        )
    with pytest.raises(InvalidInput):
        services.cast_votes(
            actor=region.head("KGZ"),
            consultation_id=c.pk,
            votes=[services.VoteIn(1, "agree"), services.VoteIn(99, "agree")],
        )
    assert counts() == before


def test_a_batch_is_one_ledger_entry_with_the_digest_of_its_votes(region):
    c = state_consultation(region)
    before = ledger_count()
    services.cast_votes(
        actor=region.head("KGZ"),
        consultation_id=c.pk,
        votes=[
            services.VoteIn(1, "agree"),
            services.VoteIn(2, "disagree"),
            services.VoteIn(3, "pass"),
        ],
    )
    entries = list(LedgerEntry.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert entries == ["consultation.votes_cast"]
    entry = LedgerEntry.objects.get(action="consultation.votes_cast")
    assert entry.payload["count"] == 3
    assert len(entry.payload["votes_digest"]) == 64
    assert Vote.objects.count() == 3


# --- moderation -------------------------------------------------------------------------


def test_a_participants_statement_awaits_moderation_and_the_secretariat_accepts_it(region):
    c = state_consultation(region)
    s = services.submit_statement(
        actor=region.delegate("UZB"), consultation_id=c.pk, text="Water security matters."
    )
    assert (s.number, s.status) == (4, "pending")
    assert [x.number for x in selectors.list_statements(region.head("KGZ"), c.pk)] == [1, 2, 3]
    with pytest.raises(RuleViolation):
        services.cast_vote(
            actor=region.head("KGZ"), consultation_id=c.pk, statement=4, vote="agree"
        )
    before = counts()
    with pytest.raises(NotPermitted):
        services.moderate_statement(
            actor=region.head("KGZ"), consultation_id=c.pk, number=4, status="accepted"
        )
    assert counts() == before
    services.moderate_statement(
        actor=region.secretariat, consultation_id=c.pk, number=4, status="accepted"
    )
    assert [x.number for x in selectors.list_statements(region.head("KGZ"), c.pk)] == [1, 2, 3, 4]


def test_moderation_to_an_unknown_status_is_refused(region):
    c = state_consultation(region)
    before = counts()
    with pytest.raises(InvalidInput):
        services.moderate_statement(
            actor=region.secretariat, consultation_id=c.pk, number=1, status="pending"
        )
    assert counts() == before
    assert Statement.objects.get(consultation=c, number=1).status == "accepted"


# --- analysis ---------------------------------------------------------------------------


def test_the_analysis_is_recomputed_after_votes_commit(region, django_capture_on_commit_callbacks):
    c = state_consultation(region)
    assert not Analysis.objects.filter(consultation=c).exists()
    for code, value in [("KAZ", "agree"), ("KGZ", "agree"), ("UZB", "disagree")]:
        with django_capture_on_commit_callbacks(execute=True):
            services.cast_votes(
                actor=region.head(code),
                consultation_id=c.pk,
                votes=[services.VoteIn(n, value) for n in (1, 2, 3)],
            )
    analysis = Analysis.objects.get(consultation=c)
    c.refresh_from_db()
    assert analysis.at_seq == c.changed_seq
    assert analysis.vote_count == 9
    assert analysis.result["participants"] == 3
    assert sum(g["size"] for g in analysis.result["groups"]) == 3


def test_the_debouncer_waits_for_quiet_but_not_beyond_the_maximum():
    d = recompute.Debouncer(window=1.0, max_wait=5.0)
    d.note(7, now=0.0)
    d.note(7, now=0.5)
    assert d.pop_due(1.4) == []
    assert d.pop_due(1.5) == [7]
    for t in range(0, 10):  # a vote every 0.9 s never leaves a quiet second
        d.note(8, now=10.0 + 0.9 * t)
        if 10.0 + 0.9 * t < 15.0:
            assert d.pop_due(10.0 + 0.9 * t) == []
    assert d.pop_due(15.0) == [8]
    assert len(d) == 0


def test_the_worker_recomputes_once_for_a_burst_of_votes():
    runs: list[int] = []
    now = [0.0]
    worker = recompute.Worker(recompute.Debouncer(1.0, 5.0), runs.append, clock=lambda: now[0])
    worker.debouncer.note(3, now[0])
    worker.debouncer.note(3, now[0] + 0.2)
    assert worker.debouncer.pop_due(0.5) == []
    due = worker.debouncer.pop_due(1.3)
    for cid in due:
        worker._run(cid)
    assert runs == [3]


def test_the_watcher_recomputes_what_the_votes_of_any_process_made_stale(region, settings):
    settings.ACCORD_ANALYSIS_MODE = "off"  # as `accord serve`'s workers: they schedule nothing
    c = state_consultation(region)
    runs: list[int] = []

    def run(consultation_id: int) -> object:
        runs.append(consultation_id)
        return recompute.recompute(consultation_id)

    watcher = recompute.Watcher(recompute.Debouncer(window=1.0, max_wait=5.0), run)
    assert watcher.poll(0.0) == []  # nothing voted yet
    services.cast_vote(actor=region.head("KAZ"), consultation_id=c.pk, statement=1, vote="agree")
    assert watcher.poll(0.5) == []  # noted, waiting for a quiet second
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="agree")
    assert watcher.poll(1.0) == []  # more votes: the quiet second starts again
    assert watcher.poll(2.0) == [c.pk]
    c.refresh_from_db()
    assert Analysis.objects.get(consultation=c).at_seq == c.changed_seq
    assert watcher.poll(5.0) == []  # up to date: nothing to do however long it waits
    # A steady stream of votes still moves the map, at most `max_wait` after the first.
    for step in range(12):
        now = 10.0 + 0.5 * step
        code = ("UZB", "KGZ", "KAZ")[step % 3]
        services.cast_vote(
            actor=region.head(code), consultation_id=c.pk, statement=1 + step % 3, vote="pass"
        )
        done = watcher.poll(now)
        assert done == ([c.pk] if now == 15.0 else []), now
    assert runs == [c.pk, c.pk]


def test_the_watcher_retries_a_failed_recompute_only_once_votes_move(region, settings):
    settings.ACCORD_ANALYSIS_MODE = "off"
    c = state_consultation(region)
    runs: list[int] = []

    def failing(consultation_id: int) -> object:
        runs.append(consultation_id)
        raise RuntimeError("the analysis broke")

    watcher = recompute.Watcher(recompute.Debouncer(window=1.0, max_wait=5.0), failing)
    services.cast_vote(actor=region.head("KAZ"), consultation_id=c.pk, statement=1, vote="agree")
    watcher.poll(0.0)
    assert watcher.poll(1.0) == [] and runs == [c.pk]  # failed, logged
    assert watcher.poll(3.0) == [] and runs == [c.pk]  # not retried at every poll
    services.cast_vote(actor=region.head("KGZ"), consultation_id=c.pk, statement=1, vote="agree")
    watcher.poll(4.0)
    watcher.poll(5.0)
    assert runs == [c.pk, c.pk]  # new votes: tried again


def test_tick_recomputes_a_stale_analysis(region, settings):
    settings.ACCORD_ANALYSIS_MODE = "off"
    c = state_consultation(region)
    services.cast_vote(actor=region.head("KAZ"), consultation_id=c.pk, statement=1, vote="agree")
    from accord.consultations import tick

    assert recompute.stale_consultations() == [c.pk]
    assert tick.run(now=None) == [f"consultation {c.pk}: opinion map recomputed"]  # type: ignore[arg-type]
    assert tick.run(now=None) == []  # type: ignore[arg-type]


def test_new_votes_update_the_live_model_incrementally(region, django_capture_on_commit_callbacks):
    c = open_consultation(region)
    people = [expert(region, f"expert-{n}") for n in range(12)]
    for p in people:
        services.invite(actor=region.secretariat, consultation_id=c.pk, user=p)
    for n, p in enumerate(people):
        with django_capture_on_commit_callbacks(execute=True):
            services.cast_votes(
                actor=p,
                consultation_id=c.pk,
                votes=[
                    services.VoteIn(s, "agree" if (n + s) % 2 else "disagree") for s in (1, 2, 3)
                ],
            )
    with django_capture_on_commit_callbacks(execute=True):
        services.cast_vote(actor=people[0], consultation_id=c.pk, statement=1, vote="pass")
    analysis = Analysis.objects.get(consultation=c)
    assert analysis.incremental is True
    assert analysis.vote_count == 36


# --- confidentiality --------------------------------------------------------------------


def test_a_restricted_consultation_is_absent_for_a_third_state(region):
    c = services.create_consultation(
        actor=region.head("KAZ"),
        title="Border water",
        kind="state",
        visibility="restricted",
        states=["KAZ", "KGZ"],
        statements=SEEDS,
    )
    third = region.head("TJK")
    assert c not in selectors.list_consultations(third)
    for read in (
        lambda: selectors.get_consultation(third, c.pk),
        lambda: selectors.list_statements(third, c.pk),
        lambda: selectors.get_analysis(third, c.pk),
        lambda: selectors.export_polis(third, c.pk),
    ):
        with pytest.raises(NotFound) as hidden:
            read()
        with pytest.raises(NotFound) as absent:
            selectors.get_consultation(third, 999_999)
        assert hidden.value.message == absent.value.message
    before = counts()
    with pytest.raises(NotFound):
        services.cast_vote(actor=third, consultation_id=c.pk, statement=1, vote="agree")
    with pytest.raises(NotFound):
        services.submit_statement(actor=third, consultation_id=c.pk, text="Let me in.")
    assert counts() == before
    assert c in selectors.list_consultations(region.head("KGZ"))


def test_reading_one_consultation_follows_the_same_rule_as_listing_them(region):
    """`get_consultation` decides on the one row in Python; it must agree with the list's
    query for every person and every kind of audience, invitations included."""
    consultations = [
        services.create_consultation(
            actor=region.head("KAZ"),
            title=f"Seen by {visibility}",
            kind="state" if visibility != "public" else "open",
            visibility=visibility,
            states=["KAZ", "KGZ"] if visibility == "restricted" else [],
            statements=SEEDS,
        )
        for visibility in ("public", "participants", "members", "restricted")
    ]
    track_two = services.create_consultation(
        actor=region.head("KAZ"),
        title="Track 2 among members",
        kind="open",
        visibility="members",
        statements=SEEDS,
    )
    outsider = expert(region, "outsider")  # a dialogue partner's expert: not a member
    services.invite(actor=region.head("KAZ"), consultation_id=track_two.pk, user=outsider)
    people = [*region.everyone(), outsider, expert(region, "uninvited")]
    for person in people:
        listed = set(selectors.visible_consultations(person).values_list("pk", flat=True))
        for consultation in [*consultations, track_two]:
            try:
                selectors.get_consultation(person, consultation.pk)
                read = True
            except NotFound:
                read = False
            assert read is (consultation.pk in listed), (person.username, consultation.title)
    assert selectors.visible_consultations(outsider).filter(pk=track_two.pk).exists()
    assert not selectors.visible_consultations(people[-1]).filter(pk=track_two.pk).exists()


# --- Pol.is import ----------------------------------------------------------------------

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1,a,0,0,1,0,1,First\n"
    "2,b,1,1,0,1,-1,Second\n"
    "3,c,2,1,0,0,1,Third\n"
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "10,x,0,0,1\n"
    "11,x,1,1,-1\n"
    "12,x,0,1,-1\n"
    "13,x,0,1,1\n"
)


def test_a_polis_export_is_imported_with_moderation_and_final_votes(region):
    c = open_consultation_empty(region)
    result = services.import_polis(
        actor=region.secretariat,
        consultation_id=c.pk,
        files={"comments.csv": COMMENTS.encode(), "votes.csv": VOTES.encode()},
    )
    assert result == {"statements": 3, "participants": 2, "votes": 3}
    assert list(Statement.objects.filter(consultation=c).values_list("number", "status")) == [
        (0, "accepted"),
        (1, "rejected"),
        (2, "accepted"),
    ]
    assert sorted(
        Vote.objects.values_list("participant__number", "statement__number", "value")
    ) == [
        (0, 0, 1),
        (1, 0, 1),
        (1, 1, -1),
    ]
    exported = selectors.export_polis(region.secretariat, c.pk)
    lines = exported["comments.csv"].splitlines()
    assert lines[0] == COMMENTS.splitlines()[0]
    assert [line.split(",")[2:7] for line in lines[1:]] == [
        ["0", "0", "2", "0", "1"],
        ["1", "1", "0", "1", "-1"],
        ["2", "1", "0", "0", "1"],
    ]


def open_consultation_empty(region: Any) -> Consultation:
    return services.create_consultation(
        actor=region.secretariat,
        title="Imported",
        kind="open",
        visibility="participants",
    )


@pytest.mark.parametrize(
    ("comments", "votes", "where"),
    [
        (COMMENTS.replace("author-id,", ""), VOTES, "comments.csv, line 1, column 'author-id'"),
        (COMMENTS, VOTES.replace("12,x,0,1,-1", "12,x,0,1,7"), "votes.csv, line 4, column 'vote'"),
        (
            COMMENTS,
            VOTES.replace("11,x,1,1,-1", "11,x,one,1,-1"),
            "votes.csv, line 3, column 'comment-id'",
        ),
    ],
)
def test_a_bad_csv_names_file_line_and_column_and_imports_nothing(region, comments, votes, where):
    c = open_consultation_empty(region)
    before = counts()
    with pytest.raises(InvalidInput) as error:
        services.import_polis(
            actor=region.secretariat,
            consultation_id=c.pk,
            files={"comments.csv": comments.encode(), "votes.csv": votes.encode()},
        )
    assert error.value.message.startswith(where)
    assert counts() == before
