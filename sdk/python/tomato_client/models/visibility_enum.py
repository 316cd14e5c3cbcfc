from typing import Literal

VisibilityEnum = Literal["link", "private", "public"]

VISIBILITY_ENUM_VALUES: set[VisibilityEnum] = {
    "link",
    "private",
    "public",
}


def check_visibility_enum(value: str) -> VisibilityEnum:
    if value in VISIBILITY_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VISIBILITY_ENUM_VALUES!r}")
