from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatCompletionChunkChoicesItemDelta")


@_attrs_define
class ChatCompletionChunkChoicesItemDelta:
    """
    Attributes:
        role (str | Unset):
        content (str | Unset):
        reasoning_content (str | Unset):
        reasoning (str | Unset):
    """

    role: str | Unset = UNSET
    content: str | Unset = UNSET
    reasoning_content: str | Unset = UNSET
    reasoning: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        content = self.content

        reasoning_content = self.reasoning_content

        reasoning = self.reasoning

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if role is not UNSET:
            field_dict["role"] = role
        if content is not UNSET:
            field_dict["content"] = content
        if reasoning_content is not UNSET:
            field_dict["reasoning_content"] = reasoning_content
        if reasoning is not UNSET:
            field_dict["reasoning"] = reasoning

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = d.pop("role", UNSET)

        content = d.pop("content", UNSET)

        reasoning_content = d.pop("reasoning_content", UNSET)

        reasoning = d.pop("reasoning", UNSET)

        chat_completion_chunk_choices_item_delta = cls(
            role=role,
            content=content,
            reasoning_content=reasoning_content,
            reasoning=reasoning,
        )

        chat_completion_chunk_choices_item_delta.additional_properties = d
        return chat_completion_chunk_choices_item_delta

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
