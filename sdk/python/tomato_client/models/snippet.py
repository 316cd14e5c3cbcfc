from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Snippet")


@_attrs_define
class Snippet:
    """
    Attributes:
        id (int):
        title (str):
        description (str):
        code (str):
        language (str):
        tags (list[str]):
        shared (bool):
        owner (str):
        embedded (bool): whether the embedding matches the current text
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    title: str
    description: str
    code: str
    language: str
    tags: list[str]
    shared: bool
    owner: str
    embedded: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        description = self.description

        code = self.code

        language = self.language

        tags = self.tags

        shared = self.shared

        owner = self.owner

        embedded = self.embedded

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "description": description,
                "code": code,
                "language": language,
                "tags": tags,
                "shared": shared,
                "owner": owner,
                "embedded": embedded,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        description = d.pop("description")

        code = d.pop("code")

        language = d.pop("language")

        tags = cast(list[str], d.pop("tags"))

        shared = d.pop("shared")

        owner = d.pop("owner")

        embedded = d.pop("embedded")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        snippet = cls(
            id=id,
            title=title,
            description=description,
            code=code,
            language=language,
            tags=tags,
            shared=shared,
            owner=owner,
            embedded=embedded,
            created_at=created_at,
            updated_at=updated_at,
        )

        snippet.additional_properties = d
        return snippet

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
