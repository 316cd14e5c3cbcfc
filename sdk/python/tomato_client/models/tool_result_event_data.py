from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ToolResultEventData")


@_attrs_define
class ToolResultEventData:
    """
    Attributes:
        call_id (str):
        tool (str):
        label (str):
        ok (bool):
        visible (Any): any JSON value
        error (None | str):
        duration_ms (int):
    """

    call_id: str
    tool: str
    label: str
    ok: bool
    visible: Any
    error: str | None
    duration_ms: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        tool = self.tool

        label = self.label

        ok = self.ok

        visible = self.visible

        error: str | None
        error = self.error

        duration_ms = self.duration_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "call_id": call_id,
                "tool": tool,
                "label": label,
                "ok": ok,
                "visible": visible,
                "error": error,
                "duration_ms": duration_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        call_id = d.pop("call_id")

        tool = d.pop("tool")

        label = d.pop("label")

        ok = d.pop("ok")

        visible = d.pop("visible")

        def _parse_error(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        duration_ms = d.pop("duration_ms")

        tool_result_event_data = cls(
            call_id=call_id,
            tool=tool,
            label=label,
            ok=ok,
            visible=visible,
            error=error,
            duration_ms=duration_ms,
        )

        tool_result_event_data.additional_properties = d
        return tool_result_event_data

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
