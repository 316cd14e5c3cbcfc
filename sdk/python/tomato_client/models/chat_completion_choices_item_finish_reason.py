from typing import Literal

ChatCompletionChoicesItemFinishReason = Literal["length", "stop"]

CHAT_COMPLETION_CHOICES_ITEM_FINISH_REASON_VALUES: set[ChatCompletionChoicesItemFinishReason] = {
    "length",
    "stop",
}


def check_chat_completion_choices_item_finish_reason(value: str) -> ChatCompletionChoicesItemFinishReason:
    if value in CHAT_COMPLETION_CHOICES_ITEM_FINISH_REASON_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CHAT_COMPLETION_CHOICES_ITEM_FINISH_REASON_VALUES!r}"
    )
