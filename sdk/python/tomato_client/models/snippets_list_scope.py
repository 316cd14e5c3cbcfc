from typing import Literal

SnippetsListScope = Literal["all", "mine", "shared"]

SNIPPETS_LIST_SCOPE_VALUES: set[SnippetsListScope] = {
    "all",
    "mine",
    "shared",
}


def check_snippets_list_scope(value: str) -> SnippetsListScope:
    if value in SNIPPETS_LIST_SCOPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SNIPPETS_LIST_SCOPE_VALUES!r}")
