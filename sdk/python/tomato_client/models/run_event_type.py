from typing import Literal

RunEventType = Literal[
    "cancelled",
    "error",
    "node_finished",
    "node_started",
    "reasoning_token",
    "result",
    "session",
    "title",
    "token",
    "tool_result",
    "tool_retry",
    "tool_start",
    "workflow_finished",
]

RUN_EVENT_TYPE_VALUES: set[RunEventType] = {
    "cancelled",
    "error",
    "node_finished",
    "node_started",
    "reasoning_token",
    "result",
    "session",
    "title",
    "token",
    "tool_result",
    "tool_retry",
    "tool_start",
    "workflow_finished",
}


def check_run_event_type(value: str) -> RunEventType:
    if value in RUN_EVENT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RUN_EVENT_TYPE_VALUES!r}")
