from typing import Literal

ChatCompletionChoicesItemMessageRole = Literal["assistant"]

CHAT_COMPLETION_CHOICES_ITEM_MESSAGE_ROLE_VALUES: set[ChatCompletionChoicesItemMessageRole] = {
    "assistant",
}


def check_chat_completion_choices_item_message_role(value: str) -> ChatCompletionChoicesItemMessageRole:
    if value in CHAT_COMPLETION_CHOICES_ITEM_MESSAGE_ROLE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHAT_COMPLETION_CHOICES_ITEM_MESSAGE_ROLE_VALUES!r}")
