from typing import Literal

ApiKeyStatusEnum = Literal["active", "expired", "revoked"]

API_KEY_STATUS_ENUM_VALUES: set[ApiKeyStatusEnum] = {
    "active",
    "expired",
    "revoked",
}


def check_api_key_status_enum(value: str) -> ApiKeyStatusEnum:
    if value in API_KEY_STATUS_ENUM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {API_KEY_STATUS_ENUM_VALUES!r}")
