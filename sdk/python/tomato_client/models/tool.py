from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_parameters import ToolParameters


T = TypeVar("T", bound="Tool")


@_attrs_define
class Tool:
    """A tool as the agent offers it to the model: what it is called and what it takes.

    Attributes:
        name (str):
        alias (str):
        description (str):
        parameters (ToolParameters): JSON schema of the tool's arguments
    """

    name: str
    alias: str
    description: str
    parameters: ToolParameters
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        alias = self.alias

        description = self.description

        parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "alias": alias,
                "description": description,
                "parameters": parameters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_parameters import ToolParameters

        d = dict(src_dict)
        name = d.pop("name")

        alias = d.pop("alias")

        description = d.pop("description")

        parameters = ToolParameters.from_dict(d.pop("parameters"))

        tool = cls(
            name=name,
            alias=alias,
            description=description,
            parameters=parameters,
        )

        tool.additional_properties = d
        return tool

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
