from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_completion_choices_item_finish_reason import (
    ChatCompletionChoicesItemFinishReason,
    check_chat_completion_choices_item_finish_reason,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_completion_choices_item_message import ChatCompletionChoicesItemMessage


T = TypeVar("T", bound="ChatCompletionChoicesItem")


@_attrs_define
class ChatCompletionChoicesItem:
    """
    Attributes:
        index (int | Unset):
        finish_reason (ChatCompletionChoicesItemFinishReason | Unset):
        message (ChatCompletionChoicesItemMessage | Unset):
    """

    index: int | Unset = UNSET
    finish_reason: ChatCompletionChoicesItemFinishReason | Unset = UNSET
    message: ChatCompletionChoicesItemMessage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        finish_reason: str | Unset = UNSET
        if not isinstance(self.finish_reason, Unset):
            finish_reason = self.finish_reason

        message: dict[str, Any] | Unset = UNSET
        if not isinstance(self.message, Unset):
            message = self.message.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if index is not UNSET:
            field_dict["index"] = index
        if finish_reason is not UNSET:
            field_dict["finish_reason"] = finish_reason
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_choices_item_message import ChatCompletionChoicesItemMessage

        d = dict(src_dict)
        index = d.pop("index", UNSET)

        _finish_reason = d.pop("finish_reason", UNSET)
        finish_reason: ChatCompletionChoicesItemFinishReason | Unset
        if isinstance(_finish_reason, Unset):
            finish_reason = UNSET
        else:
            finish_reason = check_chat_completion_choices_item_finish_reason(_finish_reason)

        _message = d.pop("message", UNSET)
        message: ChatCompletionChoicesItemMessage | Unset
        if isinstance(_message, Unset):
            message = UNSET
        else:
            message = ChatCompletionChoicesItemMessage.from_dict(_message)

        chat_completion_choices_item = cls(
            index=index,
            finish_reason=finish_reason,
            message=message,
        )

        chat_completion_choices_item.additional_properties = d
        return chat_completion_choices_item

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
