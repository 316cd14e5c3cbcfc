"""The gevent worker's ``select.poll`` (runs.worker.green): real zero-timeout checks, cooperative waits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

UNDER_GEVENT = r"""
from gevent import monkey
monkey.patch_all()
import select, socket, time
import gevent
from runs.worker.green import install_zero_timeout_poll

green_poll = select.poll
assert install_zero_timeout_poll()
assert select.poll is not green_poll

a, b = socket.socketpair()
p = select.poll()
p.register(a.fileno(), select.POLLIN)
assert p.poll(0) == []                      # nothing to read
q = select.poll()
q.register(a.fileno(), select.POLLIN)
q._green = None                             # a zero-timeout poll must not touch gevent's (≈ 30 µs each)
assert q.poll(0) == []
b.send(b"x")
assert [fd for fd, _ in p.poll(0)] == [a.fileno()]
a.recv(1)

# A poll that waits must let other greenlets run (the real poll would block the whole process,
# so the writer could not send and the wait would end empty after a full second).
def writer():
    gevent.sleep(0.05)
    b.send(b"y")

ran = gevent.spawn(writer)
started = time.monotonic()
events = p.poll(1000)
assert [fd for fd, _ in events] == [a.fileno()], events
assert time.monotonic() - started < 0.9
assert ran.dead

# The two libraries that check readiness this way get the cheap one.
import httpcore2._utils as hc
import redis._parsers.hiredis as rh
c, d = socket.socketpair()
assert hc.is_socket_readable(c) is False
d.send(b"z")
assert hc.is_socket_readable(c) is True
assert rh._socket_can_read(c, 0) is True
print("OK")
"""


def test_zero_timeout_poll_is_real_and_waits_stay_cooperative():
    done = subprocess.run(
        [sys.executable, "-c", UNDER_GEVENT],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "OK"


def test_nothing_is_installed_without_gevent():
    from runs.worker.green import install_zero_timeout_poll

    if "gevent.monkey" in sys.modules:
        from gevent import monkey

        assert not monkey.is_module_patched("select")
    import select

    before = select.poll
    assert install_zero_timeout_poll() is False
    assert select.poll is before
