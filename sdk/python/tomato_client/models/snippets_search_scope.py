from typing import Literal

SnippetsSearchScope = Literal["all", "mine", "shared"]

SNIPPETS_SEARCH_SCOPE_VALUES: set[SnippetsSearchScope] = {
    "all",
    "mine",
    "shared",
}


def check_snippets_search_scope(value: str) -> SnippetsSearchScope:
    if value in SNIPPETS_SEARCH_SCOPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SNIPPETS_SEARCH_SCOPE_VALUES!r}")
