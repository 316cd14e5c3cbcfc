from typing import Literal

ChatStreamBodyIfBusy = Literal["enqueue", "interrupt", "reject"]

CHAT_STREAM_BODY_IF_BUSY_VALUES: set[ChatStreamBodyIfBusy] = {
    "enqueue",
    "interrupt",
    "reject",
}


def check_chat_stream_body_if_busy(value: str) -> ChatStreamBodyIfBusy:
    if value in CHAT_STREAM_BODY_IF_BUSY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHAT_STREAM_BODY_IF_BUSY_VALUES!r}")
