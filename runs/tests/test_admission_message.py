"""The Celery message of a run: what Celery shows of its arguments is short and holds no message text."""

from __future__ import annotations

import base64
import json
import uuid

from runs import state
from runs.web.admission import admitted


def test_the_task_headers_name_the_run_not_the_persons_message(user, redis_conn, settings):
    queue = f"tomato-test-argsrepr-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue  # no worker consumes it: the message stays to be read
    secret = f"my private words {uuid.uuid4().hex}"
    with admitted(user=user, conversation_id=None) as admission:
        admission.enqueue(kind="chat", spec={"content": secret, "new_conversation": True})
    try:
        raw = redis_conn.lrange(queue, 0, -1)
        assert len(raw) == 1
        envelope = json.loads(raw[0])
        headers = envelope["headers"]
        assert headers["argsrepr"] == f"('{admission.run_id}', <chat spec>)"
        assert headers["kwargsrepr"] == "{}"
        assert secret not in json.dumps(headers)
        args, _, _ = json.loads(base64.b64decode(envelope["body"]))
        assert args[1]["content"] == secret  # the worker still gets the whole spec
    finally:
        redis_conn.delete(queue)
        state.release(redis_conn, run_id=admission.run_id, conversation_id=None, user_id=user.id)
