from typing import Literal

OpenAIModelKind = Literal["agent", "workflow"]

OPEN_AI_MODEL_KIND_VALUES: set[OpenAIModelKind] = {
    "agent",
    "workflow",
}


def check_open_ai_model_kind(value: str) -> OpenAIModelKind:
    if value in OPEN_AI_MODEL_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPEN_AI_MODEL_KIND_VALUES!r}")
