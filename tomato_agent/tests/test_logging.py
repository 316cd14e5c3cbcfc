"""JSON logs carry the context; canary secrets never reach a log line."""

import io
import json
import logging

import pytest

from tomato_agent import logging as tlog

CANARY_SK = "sk-proj-CANARYabcdef1234567890"
CANARY_TOKEN = "c4n4ry0tok3n5ecret9876543210abcd"
CANARY_PASSWORD = "canary-Hunter2-password!"
CANARY_LLM_KEY = "llm-key-CANARY-0123456789"
CANARY_TOOL = "tool-secret-CANARY-abcdef"
CANARIES = (CANARY_SK, CANARY_TOKEN, CANARY_PASSWORD, CANARY_LLM_KEY, CANARY_TOOL)


@pytest.fixture
def capture(settings):
    settings.LLM_SCRIPTED = False
    settings.LLM_API_KEY = CANARY_LLM_KEY
    tlog.reset_secret_cache()
    tlog.register_secret(CANARY_TOOL)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(tlog.JsonFormatter())
    handler.addFilter(tlog.RedactingFilter())
    logger = logging.getLogger("tomato_agent.tests.canary")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    tlog.reset_secret_cache()


def _lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_json_line_has_context_fields(capture):
    logger, stream = capture
    with tlog.bind(request_id="req-1", user_id=7, run_id="run-9", trace_id="tr-1"):
        logger.info("hello %s", "world", extra={"status": 200})
    (entry,) = _lines(stream)
    assert entry["message"] == "hello world"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "tomato_agent.tests.canary"
    assert (entry["request_id"], entry["user_id"], entry["run_id"], entry["trace_id"]) == ("req-1", 7, "run-9", "tr-1")
    assert entry["status"] == 200
    assert "time" in entry
    logger.info("outside")
    assert _lines(stream)[-1]["run_id"] is None


def test_canaries_are_redacted_everywhere(capture):
    logger, stream = capture
    logger.info("calling with key %s", CANARY_SK)
    logger.info("headers: Authorization: Bearer %s", CANARY_TOKEN)
    logger.info("header Token %s", CANARY_TOKEN)
    logger.info("url https://api.example.com/search?api_key=%s&q=1", CANARY_TOKEN)
    logger.info("payload %s", {"username": "bob", "password": CANARY_PASSWORD})
    logger.info("payload %s", json.dumps({"password": CANARY_PASSWORD, "api_key": CANARY_TOKEN}))
    logger.info("the LLM key is %s and the tool secret %s", CANARY_LLM_KEY, CANARY_TOOL)
    logger.info("redis at redis://:%s@cache:6379/0", CANARY_PASSWORD)
    logger.info("extra fields", extra={"auth": f"Bearer {CANARY_TOKEN}", "cfg": {"api_key": CANARY_SK}})
    try:
        raise RuntimeError(f"upstream refused key {CANARY_SK} / {CANARY_LLM_KEY}")
    except RuntimeError:
        logger.exception("failure with password=%s", CANARY_PASSWORD)
    text = stream.getvalue()
    assert len(_lines(stream)) == 10
    for canary in CANARIES:
        assert canary not in text, canary
    assert "[REDACTED]" in text
    assert "upstream refused key" in text  # the message survives, only the secret is gone


def test_plain_formatter_redacts_too(settings):
    settings.LLM_SCRIPTED = False
    settings.LLM_API_KEY = CANARY_LLM_KEY
    tlog.reset_secret_cache()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "key %s", (CANARY_LLM_KEY,), None)
    assert CANARY_LLM_KEY not in tlog.PlainFormatter().format(record)
    tlog.reset_secret_cache()


def test_redaction_keeps_ordinary_text():
    text = "run 5f2a finished in 120 ms with status succeeded; tokens: 42"
    assert tlog.redact(text) == text


def test_request_id_middleware_sets_header_and_context(client, caplog):
    with caplog.at_level(logging.INFO, logger="tomato_agent.request"):
        response = client.get("/api/auth/me", HTTP_X_REQUEST_ID="incoming-req-123")
    assert response["X-Request-ID"] == "incoming-req-123"
    assert any(getattr(r, "request_id", None) == "incoming-req-123" for r in caplog.records)
    response = client.get("/api/auth/me?token=abc", HTTP_X_REQUEST_ID="bad id!")
    assert response["X-Request-ID"] != "bad id!"
    assert len(response["X-Request-ID"]) == 32


def test_celery_signals_carry_context():
    headers = {}
    with tlog.bind(request_id="req-abc", user_id=3, trace_id="tr-abc", run_id="ignored"):
        tlog._before_publish(headers=headers)
    assert headers[tlog.HEADER] == {"request_id": "req-abc", "user_id": 3, "trace_id": "tr-abc"}

    class Req:
        pass

    class Task:
        name = "runs.execute"
        request = Req()

    setattr(Task.request, tlog.HEADER, headers[tlog.HEADER])
    tlog._task_prerun(task_id="t1", task=Task, args=["run-77", {"user_id": 3}])
    try:
        ctx = tlog.get_context()
        assert ctx == {"request_id": "req-abc", "user_id": 3, "run_id": "run-77", "trace_id": "tr-abc"}
    finally:
        tlog._task_postrun(task_id="t1")
    assert tlog.get_context()["run_id"] is None


# --- a whole chat turn: canaries in the worker's configuration and in LLM failures -----------------

from agents.tests.fixtures import read_events  # noqa: E402 - fixtures come from the root conftest

E2E_LLM_KEY = "sk-e2e-CANARYllmkey0123456789abcdef"
E2E_SEARCH_KEY = "search-CANARY-key-0123456789"


@pytest.mark.django_db
@pytest.mark.e2e
def test_canaries_absent_from_worker_logs_events_and_mongo(dedicated_worker, user, scenario):
    from pathlib import Path

    from agents import services
    from tomato_agent.mongo import get_db

    dedicated_worker(LLM_API_KEY=E2E_LLM_KEY, WEB_SEARCH_API_KEY=E2E_SEARCH_KEY, LOG_FORMAT="json",
                     LLM_MAX_RETRIES="0")  # fmt: skip
    # An upstream that echoes the key in its error (as real providers do), then a success.
    failing = scenario([{"error": {"status": 401, "times": -1,
                                   "message": f"Incorrect API key provided: {E2E_LLM_KEY}"}}])  # fmt: skip
    working = scenario([{"content": "All good here."}])
    run_ids, terminals = [], []
    for marker in (failing, working):
        started = services.chat_start(user=user, conversation_id=None, content=f"{marker} hello")
        evts = read_events(started.run_id)
        run_ids.append(started.run_id)
        terminals.append(evts[-1].type)
        blob = b"".join(e.raw for e in evts).decode()
        assert E2E_LLM_KEY not in blob
        assert E2E_SEARCH_KEY not in blob
    assert terminals == ["error", "result"]
    db = get_db()
    for name in db.list_collection_names():
        dump = str(list(db[name].find({"$or": [{"run_id": {"$in": run_ids}}, {"_id": {"$in": run_ids}}]})))
        assert E2E_LLM_KEY not in dump, name
    log = (Path(__file__).resolve().parents[2] / "var").glob("test-worker-*.log")
    text = "".join(p.read_text(errors="replace") for p in log)
    assert run_ids[0] in text  # the worker logged this run, with its run id
    assert E2E_LLM_KEY not in text
    assert E2E_SEARCH_KEY not in text
