from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_usage import RunUsage


T = TypeVar("T", bound="RunStep")


@_attrs_define
class RunStep:
    """One step of a run: a model call or a tool call.

    Attributes:
        kind (str): `llm`, `tool`, or a kind's own step (a workflow node)
        name (str):
        started_at (datetime.datetime | None | Unset):
        duration_ms (int | None | Unset):
        ok (bool | None | Unset):
        usage (None | RunUsage | Unset):
        call_id (str | Unset): a tool or sub-agent step: the model's call id
        agent (Any | Unset): a sub-agent step: `{id, version, name}`
        scope (list[str] | Unset): a sub-agent step: the scope its events carry
        status (str | Unset): a sub-agent step: how it ended
        model (str | Unset): a sub-agent step: the model that answered
        steps (Any | Unset): a sub-agent step: its own steps (the run's tree)
    """

    kind: str
    name: str
    started_at: datetime.datetime | Unset | None = UNSET
    duration_ms: int | Unset | None = UNSET
    ok: bool | Unset | None = UNSET
    usage: RunUsage | Unset | None = UNSET
    call_id: str | Unset = UNSET
    agent: Any | Unset = UNSET
    scope: list[str] | Unset = UNSET
    status: str | Unset = UNSET
    model: str | Unset = UNSET
    steps: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.run_usage import RunUsage

        kind = self.kind

        name = self.name

        started_at: str | Unset | None
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        duration_ms: int | Unset | None
        if isinstance(self.duration_ms, Unset):
            duration_ms = UNSET
        else:
            duration_ms = self.duration_ms

        ok: bool | Unset | None
        if isinstance(self.ok, Unset):
            ok = UNSET
        else:
            ok = self.ok

        usage: dict[str, Any] | Unset | None
        if isinstance(self.usage, Unset):
            usage = UNSET
        elif isinstance(self.usage, RunUsage):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        call_id = self.call_id

        agent = self.agent

        scope: list[str] | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope

        status = self.status

        model = self.model

        steps = self.steps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if ok is not UNSET:
            field_dict["ok"] = ok
        if usage is not UNSET:
            field_dict["usage"] = usage
        if call_id is not UNSET:
            field_dict["call_id"] = call_id
        if agent is not UNSET:
            field_dict["agent"] = agent
        if scope is not UNSET:
            field_dict["scope"] = scope
        if status is not UNSET:
            field_dict["status"] = status
        if model is not UNSET:
            field_dict["model"] = model
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_usage import RunUsage

        d = dict(src_dict)
        kind = d.pop("kind")

        name = d.pop("name")

        def _parse_started_at(data: object) -> datetime.datetime | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_duration_ms(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms", UNSET))

        def _parse_ok(data: object) -> bool | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        ok = _parse_ok(d.pop("ok", UNSET))

        def _parse_usage(data: object) -> RunUsage | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_1 = RunUsage.from_dict(data)

                return usage_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunUsage | Unset, data)

        usage = _parse_usage(d.pop("usage", UNSET))

        call_id = d.pop("call_id", UNSET)

        agent = d.pop("agent", UNSET)

        scope = cast(list[str], d.pop("scope", UNSET))

        status = d.pop("status", UNSET)

        model = d.pop("model", UNSET)

        steps = d.pop("steps", UNSET)

        run_step = cls(
            kind=kind,
            name=name,
            started_at=started_at,
            duration_ms=duration_ms,
            ok=ok,
            usage=usage,
            call_id=call_id,
            agent=agent,
            scope=scope,
            status=status,
            model=model,
            steps=steps,
        )

        run_step.additional_properties = d
        return run_step

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
