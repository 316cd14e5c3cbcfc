"""The committed SDKs are generated from the API as it is: the schema snapshot matches the live
schema, and every operation has its generated function in both SDKs. Fix with `make sdk`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

SDK = Path(__file__).resolve().parents[2]
FIX = "the API changed: run `make sdk` and commit sdk/"


@pytest.fixture(scope="module")
def live_schema(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("schema") / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    return json.loads(out.read_text())


def _operations(schema: dict) -> list[tuple[str, str]]:
    return [
        (op["tags"][0], op["operationId"])
        for item in schema["paths"].values()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_the_schema_snapshot_is_the_live_schema(live_schema):
    committed = json.loads((SDK / "openapi.json").read_text())
    assert committed == live_schema, FIX


def test_every_operation_has_a_generated_function_in_both_sdks(live_schema):
    python = [
        f"{tag}/{op}"
        for tag, op in _operations(live_schema)
        if not (SDK / "python" / "tomato_client" / "api" / tag / f"{op}.py").is_file()
    ]
    assert python == [], FIX
    typescript = (SDK / "typescript" / "src" / "client" / "sdk.gen.ts").read_text()
    exported = set(re.findall(r"^export const (\w+) =", typescript, re.MULTILINE))
    camel = [re.sub(r"_(\w)", lambda m: m.group(1).upper(), op) for _, op in _operations(live_schema)]
    assert sorted(set(camel) - exported) == [], FIX
    compiled = (SDK / "typescript" / "dist" / "client" / "sdk.gen.js").read_text()
    assert all(f"export const {name} =" in compiled for name in camel), FIX
