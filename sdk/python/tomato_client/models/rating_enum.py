from typing import Literal

RatingEnum = Literal["down", "up"]

RATING_ENUM_VALUES: set[RatingEnum] = {
    "down",
    "up",
}


def check_rating_enum(value: str) -> RatingEnum:
    if value in RATING_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RATING_ENUM_VALUES!r}")
