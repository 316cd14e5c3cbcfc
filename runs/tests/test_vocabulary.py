"""The event vocabulary and run kinds stand alone: no Redis, no Django."""

import subprocess
import sys

import pytest

from runs import events, kinds
from runs.kinds import CancelToken, Outcome


def test_the_vocabulary_imports_nothing_of_redis_or_django():
    code = (
        "import sys; import runs.events, runs.keys, runs.kinds; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'redis', 'celery', 'channels', 'pymongo'}); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("status", "expected"),
    [(events.SUCCEEDED, events.RESULT), (events.CANCELLED_STATUS, events.CANCELLED), (events.FAILED, events.ERROR)],
)
def test_one_terminal_event_per_final_status(status, expected):
    kind, data = events.terminal_for(status, result={"x": 1}, error={"code": "llm_error", "message": "m"})
    assert kind == expected
    assert events.status_of(kind) == status
    assert data == ({"code": "llm_error", "message": "m"} if expected == events.ERROR else {"x": 1})


def test_a_failure_without_an_error_is_internal():
    assert events.terminal_for(events.FAILED) == (events.ERROR, events.INTERNAL)


def test_cancel_token_runs_callbacks_once_and_late_registrations_at_once():
    token = CancelToken()
    calls = []
    unregister = token.on_cancel(lambda: calls.append("a"))
    token.on_cancel(lambda: calls.append("b"))
    unregister()
    token.cancel()
    token.cancel()
    assert calls == ["b"]
    token.on_cancel(lambda: calls.append("late"))
    assert calls == ["b", "late"]
    assert token.cancelled
    assert token.wait(0)


def test_a_failing_abort_callback_does_not_stop_the_others():
    token = CancelToken()
    calls = []
    token.on_cancel(lambda: 1 / 0)
    token.on_cancel(lambda: calls.append("ran"))
    token.cancel()
    assert calls == ["ran"]


class _Kind:
    name = "test-kind-registry"

    def execute(self, spec, ctx):
        return Outcome(status=events.SUCCEEDED)


def test_kinds_register_by_name_and_unknown_kinds_are_refused():
    kind = kinds.register(_Kind())
    assert kinds.get("test-kind-registry") is kind
    kinds.register(kind)  # idempotent

    class Other:
        name = "test-kind-registry"

    with pytest.raises(ValueError, match="another run kind"):
        kinds.register(Other())
    with pytest.raises(LookupError):
        kinds.get("no-such-kind")
