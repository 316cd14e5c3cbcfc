from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_completion_request_messages_item_role import (
    ChatCompletionRequestMessagesItemRole,
    check_chat_completion_request_messages_item_role,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatCompletionRequestMessagesItem")


@_attrs_define
class ChatCompletionRequestMessagesItem:
    """
    Attributes:
        role (ChatCompletionRequestMessagesItemRole):
        content (Any | Unset): a string, or a list of `{type: text, text}` parts
    """

    role: ChatCompletionRequestMessagesItemRole
    content: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role: str = self.role

        content = self.content

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = check_chat_completion_request_messages_item_role(d.pop("role"))

        content = d.pop("content", UNSET)

        chat_completion_request_messages_item = cls(
            role=role,
            content=content,
        )

        chat_completion_request_messages_item.additional_properties = d
        return chat_completion_request_messages_item

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
