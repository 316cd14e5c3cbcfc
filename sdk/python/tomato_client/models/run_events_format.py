from typing import Literal

RunEventsFormat = Literal["genos", "native", "spotlight"]

RUN_EVENTS_FORMAT_VALUES: set[RunEventsFormat] = {
    "genos",
    "native",
    "spotlight",
}


def check_run_events_format(value: str) -> RunEventsFormat:
    if value in RUN_EVENTS_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RUN_EVENTS_FORMAT_VALUES!r}")
