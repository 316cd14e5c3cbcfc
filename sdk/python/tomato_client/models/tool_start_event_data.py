from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ToolStartEventData")


@_attrs_define
class ToolStartEventData:
    """
    Attributes:
        call_id (str):
        tool (str):
        label (str):
        visible (Any): any JSON value
    """

    call_id: str
    tool: str
    label: str
    visible: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        call_id = self.call_id

        tool = self.tool

        label = self.label

        visible = self.visible

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "call_id": call_id,
                "tool": tool,
                "label": label,
                "visible": visible,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        call_id = d.pop("call_id")

        tool = d.pop("tool")

        label = d.pop("label")

        visible = d.pop("visible")

        tool_start_event_data = cls(
            call_id=call_id,
            tool=tool,
            label=label,
            visible=visible,
        )

        tool_start_event_data.additional_properties = d
        return tool_start_event_data

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
