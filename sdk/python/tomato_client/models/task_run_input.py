from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_run_input_inputs import TaskRunInputInputs


T = TypeVar("T", bound="TaskRunInput")


@_attrs_define
class TaskRunInput:
    """
    Attributes:
        schema (str): The FlowGram document as a JSON string (an object is taken too).
        inputs (TaskRunInputInputs | Unset):
    """

    schema: str
    inputs: TaskRunInputInputs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema = self.schema

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "schema": schema,
            }
        )
        if inputs is not UNSET:
            field_dict["inputs"] = inputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_run_input_inputs import TaskRunInputInputs

        d = dict(src_dict)
        schema = d.pop("schema")

        _inputs = d.pop("inputs", UNSET)
        inputs: TaskRunInputInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = TaskRunInputInputs.from_dict(_inputs)

        task_run_input = cls(
            schema=schema,
            inputs=inputs,
        )

        task_run_input.additional_properties = d
        return task_run_input

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
