from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_completion_chunk_choices_item_delta import ChatCompletionChunkChoicesItemDelta


T = TypeVar("T", bound="ChatCompletionChunkChoicesItem")


@_attrs_define
class ChatCompletionChunkChoicesItem:
    """
    Attributes:
        index (int | Unset):
        finish_reason (None | str | Unset):
        delta (ChatCompletionChunkChoicesItemDelta | Unset):
    """

    index: int | Unset = UNSET
    finish_reason: str | Unset | None = UNSET
    delta: ChatCompletionChunkChoicesItemDelta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        finish_reason: str | Unset | None
        if isinstance(self.finish_reason, Unset):
            finish_reason = UNSET
        else:
            finish_reason = self.finish_reason

        delta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delta, Unset):
            delta = self.delta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if index is not UNSET:
            field_dict["index"] = index
        if finish_reason is not UNSET:
            field_dict["finish_reason"] = finish_reason
        if delta is not UNSET:
            field_dict["delta"] = delta

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_chunk_choices_item_delta import ChatCompletionChunkChoicesItemDelta

        d = dict(src_dict)
        index = d.pop("index", UNSET)

        def _parse_finish_reason(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finish_reason = _parse_finish_reason(d.pop("finish_reason", UNSET))

        _delta = d.pop("delta", UNSET)
        delta: ChatCompletionChunkChoicesItemDelta | Unset
        if isinstance(_delta, Unset):
            delta = UNSET
        else:
            delta = ChatCompletionChunkChoicesItemDelta.from_dict(_delta)

        chat_completion_chunk_choices_item = cls(
            index=index,
            finish_reason=finish_reason,
            delta=delta,
        )

        chat_completion_chunk_choices_item.additional_properties = d
        return chat_completion_chunk_choices_item

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
