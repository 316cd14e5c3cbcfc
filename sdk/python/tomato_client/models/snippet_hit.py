from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SnippetHit")


@_attrs_define
class SnippetHit:
    """
    Attributes:
        id (int):
        title (str):
        description (str):
        language (str):
        code (str):
        tags (list[str]):
        shared (bool):
        owner (str):
        score (float): reciprocal-rank fusion of dense and BM25 ranks, 1 = first in both
    """

    id: int
    title: str
    description: str
    language: str
    code: str
    tags: list[str]
    shared: bool
    owner: str
    score: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        description = self.description

        language = self.language

        code = self.code

        tags = self.tags

        shared = self.shared

        owner = self.owner

        score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "description": description,
                "language": language,
                "code": code,
                "tags": tags,
                "shared": shared,
                "owner": owner,
                "score": score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        description = d.pop("description")

        language = d.pop("language")

        code = d.pop("code")

        tags = cast(list[str], d.pop("tags"))

        shared = d.pop("shared")

        owner = d.pop("owner")

        score = d.pop("score")

        snippet_hit = cls(
            id=id,
            title=title,
            description=description,
            language=language,
            code=code,
            tags=tags,
            shared=shared,
            owner=owner,
            score=score,
        )

        snippet_hit.additional_properties = d
        return snippet_hit

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
