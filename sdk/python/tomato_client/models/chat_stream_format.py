from typing import Literal

ChatStreamFormat = Literal["genos", "native", "spotlight"]

CHAT_STREAM_FORMAT_VALUES: set[ChatStreamFormat] = {
    "genos",
    "native",
    "spotlight",
}


def check_chat_stream_format(value: str) -> ChatStreamFormat:
    if value in CHAT_STREAM_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CHAT_STREAM_FORMAT_VALUES!r}")
