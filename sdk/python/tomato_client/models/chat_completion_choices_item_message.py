from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_completion_choices_item_message_role import (
    ChatCompletionChoicesItemMessageRole,
    check_chat_completion_choices_item_message_role,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatCompletionChoicesItemMessage")


@_attrs_define
class ChatCompletionChoicesItemMessage:
    """
    Attributes:
        role (ChatCompletionChoicesItemMessageRole | Unset):
        content (str | Unset):
        reasoning_content (None | str | Unset): tool steps and the model's reasoning, as text
        reasoning (None | str | Unset): tool steps and the model's reasoning, as text
    """

    role: ChatCompletionChoicesItemMessageRole | Unset = UNSET
    content: str | Unset = UNSET
    reasoning_content: str | Unset | None = UNSET
    reasoning: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        content = self.content

        reasoning_content: str | Unset | None
        if isinstance(self.reasoning_content, Unset):
            reasoning_content = UNSET
        else:
            reasoning_content = self.reasoning_content

        reasoning: str | Unset | None
        if isinstance(self.reasoning, Unset):
            reasoning = UNSET
        else:
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
        _role = d.pop("role", UNSET)
        role: ChatCompletionChoicesItemMessageRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_chat_completion_choices_item_message_role(_role)

        content = d.pop("content", UNSET)

        def _parse_reasoning_content(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reasoning_content = _parse_reasoning_content(d.pop("reasoning_content", UNSET))

        def _parse_reasoning(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reasoning = _parse_reasoning(d.pop("reasoning", UNSET))

        chat_completion_choices_item_message = cls(
            role=role,
            content=content,
            reasoning_content=reasoning_content,
            reasoning=reasoning,
        )

        chat_completion_choices_item_message.additional_properties = d
        return chat_completion_choices_item_message

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
