from typing import Literal

OpenAIModelListObject = Literal["list"]

OPEN_AI_MODEL_LIST_OBJECT_VALUES: set[OpenAIModelListObject] = {
    "list",
}


def check_open_ai_model_list_object(value: str) -> OpenAIModelListObject:
    if value in OPEN_AI_MODEL_LIST_OBJECT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {OPEN_AI_MODEL_LIST_OBJECT_VALUES!r}")
