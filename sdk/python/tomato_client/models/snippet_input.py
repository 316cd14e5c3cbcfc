from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SnippetInput")


@_attrs_define
class SnippetInput:
    """
    Attributes:
        title (str):
        code (str):
        description (str | Unset):
        language (str | Unset):
        tags (list[str] | Unset):
        shared (bool | Unset):
    """

    title: str
    code: str
    description: str | Unset = UNSET
    language: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    shared: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        code = self.code

        description = self.description

        language = self.language

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        shared = self.shared

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "code": code,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if language is not UNSET:
            field_dict["language"] = language
        if tags is not UNSET:
            field_dict["tags"] = tags
        if shared is not UNSET:
            field_dict["shared"] = shared

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        code = d.pop("code")

        description = d.pop("description", UNSET)

        language = d.pop("language", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        shared = d.pop("shared", UNSET)

        snippet_input = cls(
            title=title,
            code=code,
            description=description,
            language=language,
            tags=tags,
            shared=shared,
        )

        snippet_input.additional_properties = d
        return snippet_input

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
