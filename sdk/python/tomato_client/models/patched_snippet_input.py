from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedSnippetInput")


@_attrs_define
class PatchedSnippetInput:
    """
    Attributes:
        title (str | Unset):
        description (str | Unset):
        code (str | Unset):
        language (str | Unset):
        tags (list[str] | Unset):
        shared (bool | Unset):
    """

    title: str | Unset = UNSET
    description: str | Unset = UNSET
    code: str | Unset = UNSET
    language: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    shared: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        description = self.description

        code = self.code

        language = self.language

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        shared = self.shared

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description
        if code is not UNSET:
            field_dict["code"] = code
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
        title = d.pop("title", UNSET)

        description = d.pop("description", UNSET)

        code = d.pop("code", UNSET)

        language = d.pop("language", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        shared = d.pop("shared", UNSET)

        patched_snippet_input = cls(
            title=title,
            description=description,
            code=code,
            language=language,
            tags=tags,
            shared=shared,
        )

        patched_snippet_input.additional_properties = d
        return patched_snippet_input

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
