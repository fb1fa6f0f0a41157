"""The notifications' and the hotline's events and the bytes each one is on the stream and
on the ledger: a change to either is a change to the public contract, caught here."""

from __future__ import annotations

from accord.domain import published
from accord.domain.visibility import Audience, Visibility

# The pinned bytes stay on one line each, as the stream writes them.
# ruff: noqa: E501

MEMBERS = Audience(Visibility.MEMBERS)
KAZ_UZB = Audience(Visibility.RESTRICTED, states=frozenset({"KAZ", "UZB"}))
SIGNED = {"statement": {"act": "acknowledge", "state": "UZB"}, "signature": "c2ln"}
NOTICE = dict(
    type="exercise-notice",
    version=1,
    sender="KAZ",
    recipients=("KGZ", "UZB"),
    visibility="members",
    subject="Steppe Eagle",
    content_sha256="ab" * 32,
    in_reply_to=None,
    ack_due_at="2030-05-11T09:00:00+00:00",
)

# (event, object type, object id, the stream's bytes, the ledger's payload as JSON)
PINNED: list[tuple[published.Published, str, str, str, str]] = [
    (
        published.NotificationSent(audience=MEMBERS, **NOTICE),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"ack_due_at":"2030-05-11T09:00:00+00:00","content_sha256":"abababababababababababababababababababababababababababababababab","in_reply_to":null,"recipients":["KGZ","UZB"],"sender":"KAZ","subject":"Steppe Eagle","type":"exercise-notice","version":1,"visibility":"members"},"kind":"notification.sent","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"type": "exercise-notice", "version": 1, "sender": "KAZ", "recipients": ["KGZ", "UZB"], "visibility": "members", "subject": "Steppe Eagle", "content_sha256": "abababababababababababababababababababababababababababababababab", "in_reply_to": null, "ack_due_at": "2030-05-11T09:00:00+00:00"}',
    ),
    (
        published.NotificationReplied(
            audience=KAZ_UZB,
            **{
                **NOTICE,
                "type": "explanation-reply",
                "in_reply_to": "ntf_1",
                "recipients": ("KAZ",),
            },
        ),
        "notifications.notification",
        "ntf_2",
        'id: 41\ndata: {"data":{"ack_due_at":"2030-05-11T09:00:00+00:00","content_sha256":"abababababababababababababababababababababababababababababababab","in_reply_to":"ntf_1","recipients":["KAZ"],"sender":"KAZ","subject":"Steppe Eagle","type":"explanation-reply","version":1,"visibility":"members"},"kind":"notification.replied","object_id":"ntf_2","object_type":"notifications.notification"}\n\n',
        '{"type": "explanation-reply", "version": 1, "sender": "KAZ", "recipients": ["KAZ"], "visibility": "members", "subject": "Steppe Eagle", "content_sha256": "abababababababababababababababababababababababababababababababab", "in_reply_to": "ntf_1", "ack_due_at": "2030-05-11T09:00:00+00:00"}',
    ),
    (
        published.NotificationAcknowledged(
            audience=MEMBERS, notification="ntf_1", state="UZB", late=False
        ),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"late":false,"notification":"ntf_1","state":"UZB"},"kind":"notification.acknowledged","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"notification": "ntf_1", "state": "UZB", "late": false}',
    ),
    (
        published.NotificationAcknowledged(
            audience=MEMBERS, notification="ntf_1", state="UZB", late=True, signed=SIGNED
        ),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"late":true,"notification":"ntf_1","signed":{"signature":"c2ln","statement":{"act":"acknowledge","state":"UZB"}},"state":"UZB"},"kind":"notification.acknowledged","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"notification": "ntf_1", "state": "UZB", "late": true, "signed": {"statement": {"act": "acknowledge", "state": "UZB"}, "signature": "c2ln"}}',
    ),
    (
        published.NotificationAcknowledgementOverdue(
            audience=MEMBERS, notification="ntf_1", state="KGZ"
        ),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"notification":"ntf_1","state":"KGZ"},"kind":"notification.acknowledgement_overdue","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"notification": "ntf_1", "state": "KGZ"}',
    ),
    (
        published.NotificationReplyOverdue(audience=KAZ_UZB, notification="ntf_1", state="UZB"),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"notification":"ntf_1","state":"UZB"},"kind":"notification.reply_overdue","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"notification": "ntf_1", "state": "UZB"}',
    ),
    (
        published.NotificationMeetingRequested(
            audience=KAZ_UZB, notification="ntf_1", chair_state="TJK", without_reply=("UZB",)
        ),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"chair_state":"TJK","notification":"ntf_1","without_reply":["UZB"]},"kind":"notification.meeting_requested","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"notification": "ntf_1", "chair_state": "TJK", "without_reply": ["UZB"]}',
    ),
    (
        published.NotificationMeetingConvened(
            audience=KAZ_UZB, notification="ntf_1", meeting="mtg_1"
        ),
        "notifications.notification",
        "ntf_1",
        'id: 41\ndata: {"data":{"meeting":"mtg_1","notification":"ntf_1"},"kind":"notification.meeting_convened","object_id":"ntf_1","object_type":"notifications.notification"}\n\n',
        '{"notification": "ntf_1", "meeting": "mtg_1"}',
    ),
    (
        published.HotlineMessageSent(
            audience=KAZ_UZB, from_="KAZ", to="UZB", body_sha256="cd" * 32
        ),
        "notifications.hotlinemessage",
        "hot_1",
        'id: 41\ndata: {"data":{"from":"KAZ","message":"hot_1","to":"UZB"},"kind":"hotline.message_sent","object_id":"hot_1","object_type":"notifications.hotlinemessage"}\n\n',
        '{"from": "KAZ", "to": "UZB", "body_sha256": "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"}',
    ),
    (
        published.HotlineMessageSent(
            audience=KAZ_UZB, from_="KAZ", to="UZB", body_sha256="cd" * 32, signed=SIGNED
        ),
        "notifications.hotlinemessage",
        "hot_1",
        'id: 41\ndata: {"data":{"from":"KAZ","message":"hot_1","to":"UZB"},"kind":"hotline.message_sent","object_id":"hot_1","object_type":"notifications.hotlinemessage"}\n\n',
        '{"from": "KAZ", "to": "UZB", "body_sha256": "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd", "signed": {"statement": {"act": "acknowledge", "state": "UZB"}, "signature": "c2ln"}}',
    ),
    (
        published.HotlineMessageDelivered(
            audience=KAZ_UZB, message="hot_1", by="UZB", receipt="delivered"
        ),
        "notifications.hotlinemessage",
        "hot_1",
        'id: 41\ndata: {"data":{"by":"UZB","message":"hot_1","receipt":"delivered"},"kind":"hotline.message_delivered","object_id":"hot_1","object_type":"notifications.hotlinemessage"}\n\n',
        '{"message": "hot_1", "by": "UZB", "receipt": "delivered"}',
    ),
    (
        published.HotlineMessageRead(audience=KAZ_UZB, message="hot_1", by="UZB", receipt="read"),
        "notifications.hotlinemessage",
        "hot_1",
        'id: 41\ndata: {"data":{"by":"UZB","message":"hot_1","receipt":"read"},"kind":"hotline.message_read","object_id":"hot_1","object_type":"notifications.hotlinemessage"}\n\n',
        '{"message": "hot_1", "by": "UZB", "receipt": "read"}',
    ),
]
