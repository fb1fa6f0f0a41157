"""The consultations' events and the bytes each one is on the stream and on the ledger: a
change to either is a change to the public contract, caught here."""

from __future__ import annotations

from accord.domain import published
from accord.domain.visibility import Audience, Visibility

# The pinned bytes stay on one line each, as the stream writes them.
# ruff: noqa: E501

MEMBERS = Audience(Visibility.MEMBERS)
KAZ_UZB = Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "UZB"}))
CONSULTATION = ("consultations.consultation", "cns_1")

# (event, object type, object id, the stream's bytes, the ledger's payload as JSON)
PINNED: list[tuple[published.Published, str, str, str, str]] = [
    (
        published.ConsultationCreated(
            audience=KAZ_UZB,
            title="Water sharing",
            kind="state",
            visibility="restricted",
            states=("KAZ", "UZB"),
            statements=2,
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"kind":"state","statements":2,"states":["KAZ","UZB"],"title":"Water sharing","visibility":"restricted"},"kind":"consultation.created","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"title": "Water sharing", "kind": "state", "visibility": "restricted", "states": ["KAZ", "UZB"], "statements": 2}',
    ),
    (
        published.ConsultationClosed(audience=MEMBERS, consultation="cns_1"),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1"},"kind":"consultation.closed","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1"}',
    ),
    (
        published.ConsultationInvited(audience=MEMBERS, consultation="cns_1", user="expert-1"),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","user":"expert-1"},"kind":"consultation.invited","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "user": "expert-1"}',
    ),
    (
        published.ConsultationImported(
            audience=MEMBERS,
            consultation="cns_1",
            format="polis",
            files_sha256="ef" * 32,
            statements=12,
            votes=340,
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","files_sha256":"efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef","format":"polis","statements":12,"votes":340},"kind":"consultation.imported","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "format": "polis", "files_sha256": "efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef", "statements": 12, "votes": 340}',
    ),
    (
        published.ConsultationStatementSubmitted(
            audience=MEMBERS, consultation="cns_1", text_sha256="01" * 32, status="pending"
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","status":"pending","text_sha256":"0101010101010101010101010101010101010101010101010101010101010101"},"kind":"consultation.statement_submitted","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "text_sha256": "0101010101010101010101010101010101010101010101010101010101010101", "status": "pending"}',
    ),
    (
        published.ConsultationStatementModerated(
            audience=MEMBERS, consultation="cns_1", statement=3, status="accepted"
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","statement":3,"status":"accepted"},"kind":"consultation.statement_moderated","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "statement": 3, "status": "accepted"}',
    ),
    (
        published.ConsultationVoteCast(
            audience=MEMBERS, consultation="cns_1", statement=3, vote="agree"
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","statement":3,"vote":"agree"},"kind":"consultation.vote_cast","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "statement": 3, "vote": "agree"}',
    ),
    (
        published.ConsultationVoteCast(
            audience=KAZ_UZB, consultation="cns_1", state="UZB", statement=1, vote="pass"
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","state":"UZB","statement":1,"vote":"pass"},"kind":"consultation.vote_cast","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "state": "UZB", "statement": 1, "vote": "pass"}',
    ),
    (
        published.ConsultationVotesCast(
            audience=MEMBERS, consultation="cns_1", count=2, votes_digest="23" * 32
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","count":2,"votes_digest":"2323232323232323232323232323232323232323232323232323232323232323"},"kind":"consultation.votes_cast","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "count": 2, "votes_digest": "2323232323232323232323232323232323232323232323232323232323232323"}',
    ),
    (
        published.ConsultationVotesCast(
            audience=KAZ_UZB, consultation="cns_1", state="KAZ", count=3, votes_digest="45" * 32
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"consultation":"cns_1","count":3,"state":"KAZ","votes_digest":"4545454545454545454545454545454545454545454545454545454545454545"},"kind":"consultation.votes_cast","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "state": "KAZ", "count": 3, "votes_digest": "4545454545454545454545454545454545454545454545454545454545454545"}',
    ),
    (
        published.ConsultationAnalysisUpdated(
            audience=MEMBERS,
            consultation="cns_1",
            at_seq=90,
            vote_count=41,
            result_sha256="67" * 32,
        ),
        *CONSULTATION,
        'id: 41\ndata: {"data":{"at_seq":90,"consultation":"cns_1","result_sha256":"6767676767676767676767676767676767676767676767676767676767676767","vote_count":41},"kind":"consultation.analysis_updated","object_id":"cns_1","object_type":"consultations.consultation"}\n\n',
        '{"consultation": "cns_1", "at_seq": 90, "vote_count": 41, "result_sha256": "6767676767676767676767676767676767676767676767676767676767676767"}',
    ),
]
