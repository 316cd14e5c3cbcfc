from typing import Literal

ChatCompletionRequestMessagesItemRole = Literal["assistant", "developer", "system", "user"]

CHAT_COMPLETION_REQUEST_MESSAGES_ITEM_ROLE_VALUES: set[ChatCompletionRequestMessagesItemRole] = {
    "assistant",
    "developer",
    "system",
    "user",
}


def check_chat_completion_request_messages_item_role(value: str) -> ChatCompletionRequestMessagesItemRole:
    if value in CHAT_COMPLETION_REQUEST_MESSAGES_ITEM_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CHAT_COMPLETION_REQUEST_MESSAGES_ITEM_ROLE_VALUES!r}"
    )
