"""Running an ASGI `send` from the fan-out without a task per write.

Writing an event to a stream is a call of the server's `send` coroutine, which almost always
finishes at once (uvicorn writes to the transport; it waits only when the client stops
reading and the transport's buffer is full). Wrapping each write in a task would cost a
task, a future and a turn of the loop per stream and event; `drive` runs the coroutine on
the spot and, only if it does wait, goes on from the future it waits on, exactly as a
task would step it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any


def drive(awaitable: Awaitable[Any], done: Callable[[BaseException | None], None]) -> None:
    """Run `awaitable` as far as it goes now, and on to its end from the callbacks of the
    futures it waits on; then `done(None)`, or `done(error)` if it raised. (Anything but a
    coroutine, such as a future, is waited for as a task would.)"""
    if not isinstance(awaitable, Coroutine):
        future = asyncio.ensure_future(awaitable)
        future.add_done_callback(
            lambda f: done(asyncio.CancelledError() if f.cancelled() else f.exception())
        )
        return
    coroutine = awaitable

    def step(_: object = None) -> None:
        try:
            waiting = coroutine.send(None)
        except StopIteration:
            done(None)
            return
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # the writer learns of any failure
            done(error)
            return
        if waiting is None:  # a bare yield (sleep(0)): on at the next turn of the loop
            asyncio.get_running_loop().call_soon(step)
            return
        # The task protocol: a future the coroutine waits on says so by this flag, which
        # whoever steps the coroutine clears before waiting for it.
        waiting._asyncio_future_blocking = False
        waiting.add_done_callback(step)

    step()
