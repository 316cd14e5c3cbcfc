from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sub_agent_work import SubAgentWork


T = TypeVar("T", bound="ToolCall")


@_attrs_define
class ToolCall:
    """A tool call of an answer as a person may see it (never its secrets or raw output).

    Attributes:
        id (str):
        tool (None | str):
        label (None | str):
        ok (bool | None):
        visible (Any):
        visible_arguments (Any):
        error (None | str):
        duration_ms (int | None):
        scope (list[str] | None): a sub-agent's step: the scope it ran in (docs/events.md#scopes-nested-work); null in
            the answer
        agent (None | SubAgentWork): a call to a sub-agent: its work; null otherwise
    """

    id: str
    tool: str | None
    label: str | None
    ok: bool | None
    visible: Any
    visible_arguments: Any
    error: str | None
    duration_ms: int | None
    scope: list[str] | None
    agent: SubAgentWork | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sub_agent_work import SubAgentWork

        id = self.id

        tool: str | None
        tool = self.tool

        label: str | None
        label = self.label

        ok: bool | None
        ok = self.ok

        visible = self.visible

        visible_arguments = self.visible_arguments

        error: str | None
        error = self.error

        duration_ms: int | None
        duration_ms = self.duration_ms

        scope: list[str] | None
        if isinstance(self.scope, list):
            scope = self.scope

        else:
            scope = self.scope

        agent: dict[str, Any] | None
        if isinstance(self.agent, SubAgentWork):
            agent = self.agent.to_dict()
        else:
            agent = self.agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tool": tool,
                "label": label,
                "ok": ok,
                "visible": visible,
                "visible_arguments": visible_arguments,
                "error": error,
                "duration_ms": duration_ms,
                "scope": scope,
                "agent": agent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sub_agent_work import SubAgentWork

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_tool(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        tool = _parse_tool(d.pop("tool"))

        def _parse_label(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        def _parse_ok(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        ok = _parse_ok(d.pop("ok"))

        visible = d.pop("visible")

        visible_arguments = d.pop("visible_arguments")

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        def _parse_duration_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms"))

        def _parse_scope(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scope_type_0 = cast(list[str], data)

                return scope_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        scope = _parse_scope(d.pop("scope"))

        def _parse_agent(data: object) -> SubAgentWork | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                agent_type_1 = SubAgentWork.from_dict(data)

                return agent_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubAgentWork, data)

        agent = _parse_agent(d.pop("agent"))

        tool_call = cls(
            id=id,
            tool=tool,
            label=label,
            ok=ok,
            visible=visible,
            visible_arguments=visible_arguments,
            error=error,
            duration_ms=duration_ms,
            scope=scope,
            agent=agent,
        )

        tool_call.additional_properties = d
        return tool_call

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
