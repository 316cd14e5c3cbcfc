from typing import Literal

HealthChecksAdditionalProperty = Literal["ok", "unavailable"]

HEALTH_CHECKS_ADDITIONAL_PROPERTY_VALUES: set[HealthChecksAdditionalProperty] = {
    "ok",
    "unavailable",
}


def check_health_checks_additional_property(value: str) -> HealthChecksAdditionalProperty:
    if value in HEALTH_CHECKS_ADDITIONAL_PROPERTY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_CHECKS_ADDITIONAL_PROPERTY_VALUES!r}")
