import re

import bson
import orjson
import pytest

from tools.builtin import CALCULATOR, CURRENT_TIME, evaluate
from tools.registry import ToolCall, ToolContext, ToolError, run_call

CTX = ToolContext(user_id=1)


def call(tool, arguments: str):
    return run_call(ToolCall(call_id="c1", name=tool.name, arguments=arguments), tool, CTX)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [("12*(3+4)", 84), ("2**10", 1024), ("7/2", 3.5), ("2^8", 256), ("-(3-5)", 2), ("17 // 5 + 17 % 5", 5)],
)
def test_calculator_evaluates_arithmetic(expression, expected):
    outcome = call(CALCULATOR, f'{{"expression": "{expression}"}}')
    assert outcome.ok, outcome.error
    assert outcome.result == {"expression": expression, "result": expected}
    assert outcome.visible == {"result": expected}


def test_calculator_gives_integers_past_64_bits_exactly_as_text():
    """The events, the run report and MongoDB take 64-bit integers at most: a bigger result is its exact
    decimal string, not a run that ends with an internal error."""
    expression = "12345678901234567890 * 98765432109876543210 + 1"
    outcome = call(CALCULATOR, f'{{"expression": "{expression}"}}')
    assert outcome.ok, outcome.error
    assert outcome.result["result"] == str(12345678901234567890 * 98765432109876543210 + 1)
    orjson.dumps(outcome.result)
    bson.encode(outcome.result)


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os')",
        "__import__('os').system('echo pwned')",
        "().__class__.__bases__",
        "x + 1",
        "abs(-1)",
        "open('/etc/passwd')",
        "lambda: 1",
        "[1, 2]",
        "'a' * 3",
        "True + 1",
    ],
)
def test_calculator_refuses_anything_but_numbers_and_operators(expression):
    with pytest.raises(ToolError):
        evaluate(expression)


def test_calculator_refusal_is_a_tool_error_not_an_exception():
    outcome = call(CALCULATOR, '{"expression": "__import__(\'os\').getcwd()"}')
    assert outcome.ok is False
    assert outcome.error == "only numbers and + - * / // % ** ( ) are allowed"
    assert outcome.content.startswith("Error: ")


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("2**100000", "exponent too large"),
        ("9**999**999", "result out of range"),  # the inner power is already too big
        ("10**99 * 10**99", "result out of range"),
        ("1/0", "division by zero"),
        ("(-8) ** 0.5", "result out of range"),
        ("1" + "+1" * 150, "expression longer than 200 characters"),
    ],
)
def test_calculator_bounds_work_and_size(expression, message):
    with pytest.raises(ToolError, match=re.escape(message)):
        evaluate(expression)


def test_current_time_in_a_zone():
    outcome = call(CURRENT_TIME, '{"timezone": "Asia/Seoul"}')
    assert outcome.ok
    assert outcome.result["timezone"] == "Asia/Seoul"
    assert outcome.result["iso"].endswith("+09:00")
    assert outcome.visible == {"time": outcome.result["iso"]}


def test_current_time_defaults_to_utc():
    outcome = call(CURRENT_TIME, "{}")
    assert outcome.ok
    assert outcome.result["iso"].endswith("+00:00")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd"])
def test_current_time_with_a_bad_zone_is_a_tool_error(zone):
    outcome = call(CURRENT_TIME, f'{{"timezone": "{zone}"}}')
    assert outcome.ok is False
    assert "unknown time zone" in outcome.error
