from typing import Literal

OpenAIModelObject = Literal["model"]

OPEN_AI_MODEL_OBJECT_VALUES: set[OpenAIModelObject] = {
    "model",
}


def check_open_ai_model_object(value: str) -> OpenAIModelObject:
    if value in OPEN_AI_MODEL_OBJECT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPEN_AI_MODEL_OBJECT_VALUES!r}")
