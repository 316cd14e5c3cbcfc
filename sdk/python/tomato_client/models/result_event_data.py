from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.run_usage import RunUsage


T = TypeVar("T", bound="ResultEventData")


@_attrs_define
class ResultEventData:
    """last event of a successful run: the kind's result (a chat turn's answer)

    Attributes:
        message_id (str):
        content (str):
        finish_reason (str):
        usage (RunUsage): Tokens and cost of a run (or a sum of runs).
        duration_ms (int):
    """

    message_id: str
    content: str
    finish_reason: str
    usage: RunUsage
    duration_ms: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        content = self.content

        finish_reason = self.finish_reason

        usage = self.usage.to_dict()

        duration_ms = self.duration_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message_id": message_id,
                "content": content,
                "finish_reason": finish_reason,
                "usage": usage,
                "duration_ms": duration_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_usage import RunUsage

        d = dict(src_dict)
        message_id = d.pop("message_id")

        content = d.pop("content")

        finish_reason = d.pop("finish_reason")

        usage = RunUsage.from_dict(d.pop("usage"))

        duration_ms = d.pop("duration_ms")

        result_event_data = cls(
            message_id=message_id,
            content=content,
            finish_reason=finish_reason,
            usage=usage,
            duration_ms=duration_ms,
        )

        result_event_data.additional_properties = d
        return result_event_data

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
