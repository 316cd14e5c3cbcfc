from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.provider_model_out import ProviderModelOut


T = TypeVar("T", bound="ProviderOut")


@_attrs_define
class ProviderOut:
    """
    Attributes:
        id (int):
        slug (str):
        name (str):
        is_default (bool):
        default_model (str):
        models (list[ProviderModelOut]):
    """

    id: int
    slug: str
    name: str
    is_default: bool
    default_model: str
    models: list[ProviderModelOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        slug = self.slug

        name = self.name

        is_default = self.is_default

        default_model = self.default_model

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "slug": slug,
                "name": name,
                "is_default": is_default,
                "default_model": default_model,
                "models": models,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_model_out import ProviderModelOut

        d = dict(src_dict)
        id = d.pop("id")

        slug = d.pop("slug")

        name = d.pop("name")

        is_default = d.pop("is_default")

        default_model = d.pop("default_model")

        models = []
        _models = d.pop("models")
        for models_item_data in _models:
            models_item = ProviderModelOut.from_dict(models_item_data)

            models.append(models_item)

        provider_out = cls(
            id=id,
            slug=slug,
            name=name,
            is_default=is_default,
            default_model=default_model,
            models=models,
        )

        provider_out.additional_properties = d
        return provider_out

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
