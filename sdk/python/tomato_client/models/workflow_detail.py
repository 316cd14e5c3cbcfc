from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.workflow_detail_inputs_schema import WorkflowDetailInputsSchema


T = TypeVar("T", bound="WorkflowDetail")


@_attrs_define
class WorkflowDetail:
    """
    Attributes:
        id (int):
        name (str):
        description (str):
        version (int):
        shared (bool):
        owner (str):
        is_owner (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        schema (Any):
        inputs_schema (WorkflowDetailInputsSchema): The start node's outputs: what a run takes.
        errors (list[str]): Why the workflow cannot run as it is ([] when it can).
    """

    id: int
    name: str
    description: str
    version: int
    shared: bool
    owner: str
    is_owner: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    schema: Any
    inputs_schema: WorkflowDetailInputsSchema
    errors: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description = self.description

        version = self.version

        shared = self.shared

        owner = self.owner

        is_owner = self.is_owner

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        schema = self.schema

        inputs_schema = self.inputs_schema.to_dict()

        errors = self.errors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "version": version,
                "shared": shared,
                "owner": owner,
                "is_owner": is_owner,
                "created_at": created_at,
                "updated_at": updated_at,
                "schema": schema,
                "inputs_schema": inputs_schema,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workflow_detail_inputs_schema import WorkflowDetailInputsSchema

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        version = d.pop("version")

        shared = d.pop("shared")

        owner = d.pop("owner")

        is_owner = d.pop("is_owner")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        schema = d.pop("schema")

        inputs_schema = WorkflowDetailInputsSchema.from_dict(d.pop("inputs_schema"))

        errors = cast(list[str], d.pop("errors"))

        workflow_detail = cls(
            id=id,
            name=name,
            description=description,
            version=version,
            shared=shared,
            owner=owner,
            is_owner=is_owner,
            created_at=created_at,
            updated_at=updated_at,
            schema=schema,
            inputs_schema=inputs_schema,
            errors=errors,
        )

        workflow_detail.additional_properties = d
        return workflow_detail

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
