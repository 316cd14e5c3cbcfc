"""A cheaper ``select.poll`` for the gevent worker: zero-timeout checks are the real system call.

redis-py checks every connection it takes from its pool (``can_read``), and
httpcore checks every idle connection of its pool each time a request is
assigned or a response released (``is_socket_readable``), both with
``select.poll().poll(0)``. Under gevent's monkey-patching that ``poll`` is
gevent's cooperative one, which builds and starts an I/O watcher per file
descriptor even to wait zero seconds: about 30 µs of CPU against about 1 µs for
the system call (measured here; docs/benchmarks.md). A zero-timeout poll never
blocks, so it does not need to cooperate; any poll that may wait stays
gevent's, so no greenlet can block the worker.
"""

from __future__ import annotations

import select
import sys

_installed = False


def _make_poll(real_poll, green_poll):
    class ZeroTimeoutPoll:
        """``select.poll``: ``poll(0)`` asks the kernel directly, any other timeout waits cooperatively."""

        __slots__ = ("_green", "_real")

        def __init__(self) -> None:
            self._real = real_poll()
            self._green = green_poll()

        def register(self, fd, eventmask=select.POLLIN | select.POLLPRI | select.POLLOUT) -> None:
            self._real.register(fd, eventmask)
            self._green.register(fd, eventmask)

        def modify(self, fd, eventmask) -> None:
            self._real.modify(fd, eventmask)
            self._green.modify(fd, eventmask)

        def unregister(self, fd) -> None:
            self._real.unregister(fd)
            self._green.unregister(fd)

        def poll(self, timeout=None):
            if timeout == 0:
                return self._real.poll(0)
            return self._green.poll(timeout)

    return ZeroTimeoutPoll


def install_zero_timeout_poll() -> bool:
    """In a process where gevent patched ``select``: ``select.poll`` becomes :class:`ZeroTimeoutPoll`.

    Returns whether it is installed (False without gevent's patch: the real ``poll`` is already in place).
    """
    global _installed
    if _installed:
        return True
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("select"):
        return False
    real_poll = monkey.get_original("select", "poll")
    select.poll = _make_poll(real_poll, select.poll)
    _installed = True
    return True
