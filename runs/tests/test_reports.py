"""A run's report: the worker may close it before the web side recorded it queued."""

from datetime import UTC, datetime

from runs import events, reports
from runs.worker.execute import run_identity
from tomato_agent.mongo import new_id


def test_a_run_closed_before_its_queued_record_keeps_its_whole_identity(mongo_db):
    run_id, answer_id, question_id = new_id(), new_id(), new_id()
    fields = {
        "conversation_id": new_id(),
        "user_message_id": question_id,
        "assistant_message_id": answer_id,
        "assistant_seq": 2,
    }
    spec = {"user_id": 7, "kind": "chat", "created_at": datetime.now(UTC).timestamp(), "report_fields": fields}
    result = {"message_id": answer_id, "content": "Hi"}
    reports.report_close(
        run=run_identity(run_id, spec),
        status=events.SUCCEEDED,
        model="m",
        steps=[],
        usage=None,
        error=None,
        finish_reason="stop",
        started_at=None,
        timings={},
        terminal=events.terminal_for(events.SUCCEEDED, result=result, error=None),
    )
    # The web side's queued insert comes last: a duplicate, ignored (the worker's report wins).
    reports.report_record_queued(
        run_id=run_id, user_id=7, kind="chat", model="m", created_at=datetime.now(UTC), fields=fields
    )

    report = reports.report_get(user_id=7, run_id=run_id)
    assert report["status"] == events.SUCCEEDED
    assert {key: report.get(key) for key in fields} == fields
    assert report["kind"] == "chat"
    assert "attribution" not in report
    assert reports.terminal_from_report(report)[1]["message_id"] == answer_id
