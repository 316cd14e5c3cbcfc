from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.workflow_run_input_inputs import WorkflowRunInputInputs


T = TypeVar("T", bound="WorkflowRunInput")


@_attrs_define
class WorkflowRunInput:
    """
    Attributes:
        inputs (WorkflowRunInputInputs | Unset): Values for the start node's outputs.
    """

    inputs: WorkflowRunInputInputs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if inputs is not UNSET:
            field_dict["inputs"] = inputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workflow_run_input_inputs import WorkflowRunInputInputs

        d = dict(src_dict)
        _inputs = d.pop("inputs", UNSET)
        inputs: WorkflowRunInputInputs | Unset
        if isinstance(_inputs, Unset):
            inputs = UNSET
        else:
            inputs = WorkflowRunInputInputs.from_dict(_inputs)

        workflow_run_input = cls(
            inputs=inputs,
        )

        workflow_run_input.additional_properties = d
        return workflow_run_input

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
