"""`accord alerts run` killed with SIGKILL in the middle of sending, then started again:
every alert reaches the receiver, none is lost, and each arrives under one webhook-id, so
a receiver that keeps the ids it has seen acts on each exactly once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from system_servers import WAIT, seeded_region

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fixtures.alerts import WebhookReceiver

COUNT = 60
HELD_AT = COUNT // 3  # the deliveries answered before the one the worker is killed during

QUEUE = """
import json, sys
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from accord.alerts.models import Alert, Channel
from accord.alerts.outbox import Cause, enqueue
from accord.domain.alerts import Trigger, new_secret
from accord.domain.visibility import Audience, Visibility
from accord.members.models import User

head = User.objects.get(username="qzb-head")
Channel.objects.create(kind="webhook", address=sys.argv[1], state_id="QZB", secret=new_secret(),
                       verified_at=timezone.now(), created_by=head)
with transaction.atomic():
    for n in range(int(sys.argv[2])):
        enqueue(Cause(key=f"system:{n}", trigger=Trigger.HOTLINE,
                      audience=Audience(Visibility.MEMBERS), object_type="", object_id="",
                      caused_at=timezone.now(), full={"n": n}, summary={"n": n}),
                states=["QZB"])
print(json.dumps(sorted(Alert.objects.values_list("public_id", flat=True))))
"""

STATUSES = """
import json
import django
django.setup()
from accord.alerts.models import Alert
print(json.dumps(list(Alert.objects.values_list("public_id", "status"))))
"""


def _python(env: dict[str, str], script: str, *args: str) -> object:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_worker_killed_mid_send_loses_nothing_and_duplicates_nothing(tmp_path: Path):
    receiver = WebhookReceiver()
    # A third answered at once, then the next held until the worker has been killed: the
    # kill lands in the middle of a send however fast or slow the machine is.
    receiver.answers = [200] * HELD_AT + ["hold"]
    try:
        with seeded_region(
            tmp_path,
            ACCORD_ALERTS_WEBHOOK_PRIVATE="1",
            ACCORD_ALERTS_LEASE_SECONDS="2",
            # Longer than any wait below: the held send is still in flight when the kill lands.
            ACCORD_ALERTS_WEBHOOK_TIMEOUT=str(int(WAIT * 6)),
        ) as (env, _tokens):
            queued = _python(env, QUEUE, receiver.url, str(COUNT))
            assert isinstance(queued, list) and len(queued) == COUNT

            first = subprocess.Popen(
                [sys.executable, "-m", "accord.site.cli", "alerts", "run", "--poll", "0.1"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + WAIT * 3
            while len(receiver.deliveries) <= HELD_AT and time.monotonic() < deadline:
                time.sleep(0.01)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=WAIT)
            receiver.released.set()
            at_kill = len(receiver.deliveries)
            assert at_kill == HELD_AT + 1, "the worker was not killed in the middle of a send"

            second = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "accord.site.cli",
                    "alerts",
                    "run",
                    "--until-empty",
                    "--poll",
                    "0.2",
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert second.returncode == 0, second.stderr
            statuses = dict(_python(env, STATUSES))  # type: ignore[arg-type]
    finally:
        receiver.close()

    received = [d.headers["webhook-id"] for d in receiver.deliveries]
    assert set(received) == set(queued)  # none lost
    assert set(statuses.values()) == {"delivered"}
    # At most the one in flight when the worker died arrives twice, under the same id.
    assert len(received) - len(set(received)) <= 1
