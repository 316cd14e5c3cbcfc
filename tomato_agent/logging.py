"""Structured logs: one JSON object a line, request/user/run/trace context, secret redaction.

Context lives in contextvars, so it follows a request through async code and
``sync_to_async`` threads. ``bind(...)`` sets fields for a block; the request-id
middleware binds ``request_id``/``trace_id`` (and ``user_id`` once known) and
the Celery signals below carry ``request_id``/``user_id``/``trace_id`` from the
web process to the worker in task headers and bind ``run_id`` for a run task.

``RedactingFilter`` is attached to every handler (settings.LOGGING): API keys
(``sk-…``), ``Bearer …``/``Token …`` credentials, ``key=value`` secrets
(api_key, password, token, secret, authorization), URL passwords and every
configured secret value (LLM_API_KEY, SECRET_KEY, search/embedding keys and
tool secrets registered with ``register_secret``) are replaced by ``[REDACTED]``
in the message, its arguments and the traceback before any handler sees them.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import threading
import uuid
from datetime import UTC, datetime

import orjson

REDACTED = "[REDACTED]"
FIELDS = ("request_id", "user_id", "run_id", "trace_id")
_vars: dict[str, contextvars.ContextVar] = {name: contextvars.ContextVar(name, default=None) for name in FIELDS}


def get_context() -> dict:
    return {name: var.get() for name, var in _vars.items()}


def set_context(**values) -> list[tuple[contextvars.ContextVar, contextvars.Token]]:
    tokens = []
    for name, value in values.items():
        if name in _vars:
            tokens.append((_vars[name], _vars[name].set(value)))
    return tokens


def reset_context(tokens) -> None:
    for var, token in reversed(tokens):
        with contextlib.suppress(ValueError):  # set in another context (e.g. a finished task)
            var.reset(token)


@contextlib.contextmanager
def bind(**values):
    """``with bind(run_id=...)``: log lines inside the block carry these fields."""
    tokens = set_context(**values)
    try:
        yield
    finally:
        reset_context(tokens)


def new_id() -> str:
    return uuid.uuid4().hex


# --- redaction -------------------------------------------------------------------------------------

_PATTERNS = [
    # OpenAI-style and similar provider keys: sk-…, sk-proj-…, sk_live_…
    (re.compile(r"\b(?:sk|pk|rk)[-_](?:[A-Za-z0-9]+[-_])*[A-Za-z0-9]{8,}"), REDACTED),
    # Authorization schemes
    (re.compile(r"(?i)\b(Bearer|Token|Basic)(\s+)[A-Za-z0-9._~+/=-]{6,}"), r"\1\2" + REDACTED),
    # key=value / "key": "value" / key: value for secret-looking keys
    (
        re.compile(
            r"(?i)((?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|secret|"
            r"client[_-]?secret|password|passwd|pwd|authorization|x-api-key)[\"']?\s*[:=]\s*[\"']?)"
            r"(?!\[REDACTED\])([^\s\"',&;}]+)"
        ),
        r"\1" + REDACTED,
    ),
    # passwords in URLs: scheme://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)([^@/\s]+)(@)"), r"\1" + REDACTED + r"\3"),
]
_MIN_SECRET_LEN = 8
_extra_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_settings_secrets: tuple[str, ...] | None = None


def register_secret(value: str | None) -> None:
    """Redact this exact value from every later log line (tool secrets, per-user keys …)."""
    if value and len(value) >= _MIN_SECRET_LEN:
        with _secrets_lock:
            _extra_secrets.add(value)


def _configured_secrets() -> tuple[str, ...]:
    global _settings_secrets
    if _settings_secrets is None:
        try:
            from django.conf import settings

            if not settings.configured:
                return ()
            values = [
                settings.SECRET_KEY,
                "" if getattr(settings, "LLM_SCRIPTED", False) else getattr(settings, "LLM_API_KEY", ""),
                getattr(settings, "WEB_SEARCH_API_KEY", ""),
                getattr(settings, "EMBEDDINGS_API_KEY", ""),
                getattr(settings, "METRICS_TOKEN", ""),
                *getattr(settings, "TOOL_SECRETS_KEY", []),
            ]
        except Exception:  # settings not importable yet: patterns still apply
            return ()
        _settings_secrets = tuple(v for v in values if isinstance(v, str) and len(v) >= _MIN_SECRET_LEN)
    return _settings_secrets


def reset_secret_cache() -> None:
    """Re-read the configured secrets (tests that override settings)."""
    global _settings_secrets
    _settings_secrets = None


def redact(text: str) -> str:
    if not text:
        return text
    with _secrets_lock:
        exact = sorted({*_configured_secrets(), *_extra_secrets}, key=len, reverse=True)
    for value in exact:
        if value in text:
            text = text.replace(value, REDACTED)
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


class ContextFilter(logging.Filter):
    """Copies the context fields onto the record (``%(request_id)s`` works in plain formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in get_context().items():
            if getattr(record, name, None) is None:
                setattr(record, name, value)
        return True


class RedactingFilter(ContextFilter):
    """Renders the message, redacts it and the traceback; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        if getattr(record, "_tomato_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template only
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._tomato_redacted = True
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "_tomato_redacted", "taskName", *FIELDS,
}  # fmt: skip


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, context, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = get_context()
        for name in FIELDS:
            entry[name] = getattr(record, name, None) or context[name]
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        line = orjson.dumps(entry, default=str).decode()
        # Extras were not rendered by the filter: a last pass over the whole line.
        return redact(line)


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s trace=%(trace_id)s run=%(run_id)s] %(message)s"
        )

    def format(self, record: logging.LogRecord) -> str:
        ContextFilter().filter(record)
        return redact(super().format(record))


# --- Celery: carry the context from the web process to the worker -------------------------------------

HEADER = "tomato_log_context"
_task_tokens: dict[str, list] = {}


def _before_publish(sender=None, headers=None, body=None, **kwargs) -> None:
    if headers is None:
        return
    context = {k: v for k, v in get_context().items() if v is not None and k != "run_id"}
    if context:
        headers[HEADER] = context


def _task_prerun(task_id=None, task=None, args=None, kwargs=None, **_) -> None:
    request = getattr(task, "request", None)
    carried = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER) or {}
    values = {k: v for k, v in carried.items() if k in _vars} if isinstance(carried, dict) else {}
    values.setdefault("trace_id", new_id())
    if task is not None and task.name == "runs.execute" and args:
        values["run_id"] = args[0]
        spec = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
        if spec.get("user_id") is not None:
            values["user_id"] = spec["user_id"]
    for name in FIELDS:  # nothing leaks from the previous task on this greenlet/thread
        values.setdefault(name, None)
    _task_tokens[task_id] = set_context(**values)


def _task_postrun(task_id=None, **_) -> None:
    tokens = _task_tokens.pop(task_id, None)
    if tokens:
        reset_context(tokens)


_connected = False


def connect_celery_signals() -> None:
    global _connected
    if _connected:
        return
    from celery import signals

    signals.before_task_publish.connect(_before_publish, weak=False)
    signals.task_prerun.connect(_task_prerun, weak=False)
    signals.task_postrun.connect(_task_postrun, weak=False)
    _connected = True
