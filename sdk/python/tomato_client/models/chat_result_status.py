from typing import Literal

ChatResultStatus = Literal["cancelled", "succeeded"]

CHAT_RESULT_STATUS_VALUES: set[ChatResultStatus] = {
    "cancelled",
    "succeeded",
}


def check_chat_result_status(value: str) -> ChatResultStatus:
    if value in CHAT_RESULT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHAT_RESULT_STATUS_VALUES!r}")
