from typing import Literal

ChatSyncBodyIfBusy = Literal["enqueue", "interrupt", "reject"]

CHAT_SYNC_BODY_IF_BUSY_VALUES: set[ChatSyncBodyIfBusy] = {
    "enqueue",
    "interrupt",
    "reject",
}


def check_chat_sync_body_if_busy(value: str) -> ChatSyncBodyIfBusy:
    if value in CHAT_SYNC_BODY_IF_BUSY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHAT_SYNC_BODY_IF_BUSY_VALUES!r}")
