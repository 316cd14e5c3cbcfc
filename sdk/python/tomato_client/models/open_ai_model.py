from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.open_ai_model_kind import OpenAIModelKind, check_open_ai_model_kind
from ..models.open_ai_model_object import OpenAIModelObject, check_open_ai_model_object
from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAIModel")


@_attrs_define
class OpenAIModel:
    """
    Attributes:
        id (str):
        object_ (OpenAIModelObject):
        created (int):
        owned_by (str):
        name (str | Unset):
        description (str | Unset):
        kind (OpenAIModelKind | Unset):
    """

    id: str
    object_: OpenAIModelObject
    created: int
    owned_by: str
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    kind: OpenAIModelKind | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_: str = self.object_

        created = self.created

        owned_by = self.owned_by

        name = self.name

        description = self.description

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "owned_by": owned_by,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        object_ = check_open_ai_model_object(d.pop("object"))

        created = d.pop("created")

        owned_by = d.pop("owned_by")

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: OpenAIModelKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_open_ai_model_kind(_kind)

        open_ai_model = cls(
            id=id,
            object_=object_,
            created=created,
            owned_by=owned_by,
            name=name,
            description=description,
            kind=kind,
        )

        open_ai_model.additional_properties = d
        return open_ai_model

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
