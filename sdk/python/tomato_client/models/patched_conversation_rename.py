from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedConversationRename")


@_attrs_define
class PatchedConversationRename:
    """A change to a conversation: a new title, pinned or not, archived or not (at least one).

    Attributes:
        title (str | Unset):
        pinned (bool | Unset): pinned ones list first in the web chat
        archived (bool | Unset): archived ones leave the list (`GET /api/conversations?archived=true` lists them)
    """

    title: str | Unset = UNSET
    pinned: bool | Unset = UNSET
    archived: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        pinned = self.pinned

        archived = self.archived

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if pinned is not UNSET:
            field_dict["pinned"] = pinned
        if archived is not UNSET:
            field_dict["archived"] = archived

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title", UNSET)

        pinned = d.pop("pinned", UNSET)

        archived = d.pop("archived", UNSET)

        patched_conversation_rename = cls(
            title=title,
            pinned=pinned,
            archived=archived,
        )

        patched_conversation_rename.additional_properties = d
        return patched_conversation_rename

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
