from typing import Literal

ConversationsExportFormat = Literal["json", "md"]

CONVERSATIONS_EXPORT_FORMAT_VALUES: set[ConversationsExportFormat] = {
    "json",
    "md",
}


def check_conversations_export_format(value: str) -> ConversationsExportFormat:
    if value in CONVERSATIONS_EXPORT_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONVERSATIONS_EXPORT_FORMAT_VALUES!r}")
