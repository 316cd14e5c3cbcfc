"""The condition node's operators and which left-hand types allow which.

FlowGram's rules: each left-hand type allows some operators, and each
(type, operator) pair says what type the right-hand side must have (``null``
for the unary ones). A pair the rules do not list is an error; a right-hand
side of the wrong type makes that condition false. "Empty" means null or
absent, as in FlowGram (an empty string is not empty).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workflows.engine.values import ARRAY, BOOLEAN, DATETIME, INTEGER, MAP, NULL, NUMBER, OBJECT, STRING, compatible

EQ, NEQ, GT, GTE, LT, LTE = "eq", "neq", "gt", "gte", "lt", "lte"
IN, NIN, CONTAINS, NOT_CONTAINS = "in", "nin", "contains", "not_contains"
IS_EMPTY, IS_NOT_EMPTY, IS_TRUE, IS_FALSE = "is_empty", "is_not_empty", "is_true", "is_false"
OPERATORS = frozenset(
    {EQ, NEQ, GT, GTE, LT, LTE, IN, NIN, CONTAINS, NOT_CONTAINS, IS_EMPTY, IS_NOT_EMPTY, IS_TRUE, IS_FALSE}
)
ELSE = "else"

_EMPTY_CHECKS = {IS_EMPTY: NULL, IS_NOT_EMPTY: NULL}
_NUMERIC = {EQ: NUMBER, NEQ: NUMBER, GT: NUMBER, GTE: NUMBER, LT: NUMBER, LTE: NUMBER, IN: ARRAY, NIN: ARRAY}

# left type -> operator -> type the right-hand side must have
RULES: dict[str, dict[str, str]] = {
    STRING: {
        EQ: STRING,
        NEQ: STRING,
        CONTAINS: STRING,
        NOT_CONTAINS: STRING,
        IN: ARRAY,
        NIN: ARRAY,
        **_EMPTY_CHECKS,
    },
    NUMBER: {**_NUMERIC, **_EMPTY_CHECKS},
    INTEGER: {
        **_NUMERIC,
        EQ: INTEGER,
        NEQ: INTEGER,
        GT: INTEGER,
        GTE: INTEGER,
        LT: INTEGER,
        LTE: INTEGER,
        **_EMPTY_CHECKS,
    },
    BOOLEAN: {EQ: BOOLEAN, NEQ: BOOLEAN, IS_TRUE: NULL, IS_FALSE: NULL, IN: ARRAY, NIN: ARRAY, **_EMPTY_CHECKS},
    OBJECT: dict(_EMPTY_CHECKS),
    MAP: dict(_EMPTY_CHECKS),
    DATETIME: {EQ: DATETIME, NEQ: DATETIME, GT: DATETIME, GTE: DATETIME, LT: DATETIME, LTE: DATETIME, **_EMPTY_CHECKS},
    ARRAY: dict(_EMPTY_CHECKS),
    NULL: {EQ: NULL, **_EMPTY_CHECKS},
}


class ConditionError(ValueError):
    """A (left type, operator) pair the rules do not allow."""


def right_type(left_type: str, operator: str) -> str | None:
    """The type the right-hand side must have, or None when the pair is not allowed."""
    return RULES.get(left_type, {}).get(operator)


def check(left_type: str, operator: str) -> str:
    expected = right_type(left_type, operator)
    if expected is None:
        if left_type not in RULES:
            raise ConditionError(f'a left-hand value of type "{left_type}" cannot be compared')
        allowed = ", ".join(sorted(RULES[left_type]))
        raise ConditionError(f'operator "{operator}" does not apply to a {left_type} (allowed: {allowed})')
    return expected


def holds(left: Any, left_type: str, operator: str, right: Any, right_type_: str) -> bool:
    """Whether one condition is true; raises :class:`ConditionError` for a pair the rules forbid."""
    expected = check(left_type, operator)
    if not compatible(right_type_, expected) and not (expected == NULL and right is None):
        return False
    if operator == IS_EMPTY:
        return left is None
    if operator == IS_NOT_EMPTY:
        return left is not None
    if operator == IS_TRUE:
        return left is True
    if operator == IS_FALSE:
        return left is False
    if operator in (IN, NIN):
        found = isinstance(right, list) and any(_same(left, item) for item in right)
        return found if operator == IN else not found
    if left_type == DATETIME:
        left, right = _instant(left), _instant(right)
        if left is None or right is None:
            return False
    if operator == EQ:
        return _same(left, right)
    if operator == NEQ:
        return not _same(left, right)
    if operator in (CONTAINS, NOT_CONTAINS):
        found = isinstance(left, str) and isinstance(right, str) and right in left
        return found if operator == CONTAINS else not found
    try:
        return {GT: left > right, GTE: left >= right, LT: left < right, LTE: left <= right}[operator]
    except TypeError:
        return False


def _same(a: Any, b: Any) -> bool:
    """Strict equality as in JavaScript: ``True`` is not ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return a == b


def _instant(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
