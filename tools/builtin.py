"""Built-in tools that need nothing outside the process: the time and arithmetic."""

from __future__ import annotations

import ast
import operator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tools.registry import Tool, ToolContext, ToolError

# --- current_time -------------------------------------------------------------------


def current_time(arguments: dict, ctx: ToolContext) -> dict:
    name = arguments.get("timezone") or "UTC"
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ToolError(f"unknown time zone {name!r}; use an IANA name like Asia/Seoul") from None
    now = datetime.now(UTC).astimezone(zone)
    return {"timezone": name, "iso": now.isoformat(timespec="seconds"), "weekday": now.strftime("%A")}


CURRENT_TIME = Tool(
    name="current_time",
    idempotent=True,  # a read: retried after a transient failure
    alias="Clock",
    description="Get the current date and time, optionally in an IANA time zone such as Asia/Seoul.",
    parameters={
        "type": "object",
        "properties": {"timezone": {"type": "string", "description": "IANA time zone, default UTC"}},
        "additionalProperties": False,
    },
    func=current_time,
    output_rules="The result is the exact current time; quote it, do not guess another.",
    visible_args=lambda a: {"timezone": a.get("timezone") or "UTC"},
    visible_result=lambda r: {"time": r["iso"]},
    timeout=2.0,
)

# --- calculator ----------------------------------------------------------------------

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
MAX_EXPRESSION_CHARS = 200
MAX_EXPONENT = 1000
MAX_MAGNITUDE = 10**100


def evaluate(expression: str) -> int | float:
    """Evaluate arithmetic by walking its syntax tree: numbers and + - * / // % ** only."""
    if len(expression) > MAX_EXPRESSION_CHARS:
        raise ToolError(f"expression longer than {MAX_EXPRESSION_CHARS} characters")
    try:
        tree = ast.parse(expression.replace("^", "**").replace("\u00d7", "*").replace("\u00f7", "/"), mode="eval")
    except SyntaxError:
        raise ToolError("not an arithmetic expression") from None

    def walk(node: ast.AST) -> int | float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
                raise ToolError("exponent too large")
            try:
                value = _BINARY[type(node.op)](left, right)
            except ZeroDivisionError:
                raise ToolError("division by zero") from None
            if isinstance(value, complex) or abs(value) > MAX_MAGNITUDE:
                raise ToolError("result out of range")
            return value
        raise ToolError("only numbers and + - * / // % ** ( ) are allowed")

    return walk(tree)


def calculator(arguments: dict, ctx: ToolContext) -> dict:
    value = evaluate(arguments["expression"])
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        # Exact, as a decimal string: JSON encoders (orjson) and BSON stop at 64-bit integers.
        value = str(value)
    return {"expression": arguments["expression"], "result": value}


CALCULATOR = Tool(
    name="calculator",
    idempotent=True,  # a read: retried after a transient failure
    alias="Calculator",
    description="Evaluate an arithmetic expression exactly (numbers, + - * / // % ** and parentheses).",
    parameters={
        "type": "object",
        "properties": {"expression": {"type": "string", "description": "e.g. 12*(3+4)"}},
        "required": ["expression"],
        "additionalProperties": False,
    },
    func=calculator,
    output_rules="Use the returned result verbatim; do not redo the arithmetic yourself.",
    visible_args=lambda a: {"expression": a.get("expression", "")},
    visible_result=lambda r: {"result": r["result"]},
    timeout=2.0,
)

BUILTIN_TOOLS = (CURRENT_TIME, CALCULATOR)
