from typing import Literal

ToolModeEnum = Literal["native", "prompt"]

TOOL_MODE_ENUM_VALUES: set[ToolModeEnum] = {
    "native",
    "prompt",
}


def check_tool_mode_enum(value: str) -> ToolModeEnum:
    if value in TOOL_MODE_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TOOL_MODE_ENUM_VALUES!r}")
