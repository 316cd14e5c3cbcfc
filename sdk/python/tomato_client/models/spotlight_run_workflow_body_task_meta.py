from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SpotlightRunWorkflowBodyTaskMeta")


@_attrs_define
class SpotlightRunWorkflowBodyTaskMeta:
    """
    Attributes:
        workflow_id (str): a stored workflow's id, or agent_chat
        trace_id (str | Unset):
        user_id (str | Unset): a label only
    """

    workflow_id: str
    trace_id: str | Unset = UNSET
    user_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        workflow_id = self.workflow_id

        trace_id = self.trace_id

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "workflow_id": workflow_id,
            }
        )
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        workflow_id = d.pop("workflow_id")

        trace_id = d.pop("trace_id", UNSET)

        user_id = d.pop("user_id", UNSET)

        spotlight_run_workflow_body_task_meta = cls(
            workflow_id=workflow_id,
            trace_id=trace_id,
            user_id=user_id,
        )

        spotlight_run_workflow_body_task_meta.additional_properties = d
        return spotlight_run_workflow_body_task_meta

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
