from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spotlight_run_workflow_body_input import SpotlightRunWorkflowBodyInput
    from ..models.spotlight_run_workflow_body_runtime_config import SpotlightRunWorkflowBodyRuntimeConfig
    from ..models.spotlight_run_workflow_body_task_meta import SpotlightRunWorkflowBodyTaskMeta


T = TypeVar("T", bound="SpotlightRunWorkflowBody")


@_attrs_define
class SpotlightRunWorkflowBody:
    """
    Attributes:
        task_meta (SpotlightRunWorkflowBodyTaskMeta):
        input_ (SpotlightRunWorkflowBodyInput | Unset):
        runtime_config (SpotlightRunWorkflowBodyRuntimeConfig | Unset):
    """

    task_meta: SpotlightRunWorkflowBodyTaskMeta
    input_: SpotlightRunWorkflowBodyInput | Unset = UNSET
    runtime_config: SpotlightRunWorkflowBodyRuntimeConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        task_meta = self.task_meta.to_dict()

        input_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.input_, Unset):
            input_ = self.input_.to_dict()

        runtime_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.runtime_config, Unset):
            runtime_config = self.runtime_config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_meta": task_meta,
            }
        )
        if input_ is not UNSET:
            field_dict["input"] = input_
        if runtime_config is not UNSET:
            field_dict["runtime_config"] = runtime_config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spotlight_run_workflow_body_input import SpotlightRunWorkflowBodyInput
        from ..models.spotlight_run_workflow_body_runtime_config import SpotlightRunWorkflowBodyRuntimeConfig
        from ..models.spotlight_run_workflow_body_task_meta import SpotlightRunWorkflowBodyTaskMeta

        d = dict(src_dict)
        task_meta = SpotlightRunWorkflowBodyTaskMeta.from_dict(d.pop("task_meta"))

        _input_ = d.pop("input", UNSET)
        input_: SpotlightRunWorkflowBodyInput | Unset
        if isinstance(_input_, Unset):
            input_ = UNSET
        else:
            input_ = SpotlightRunWorkflowBodyInput.from_dict(_input_)

        _runtime_config = d.pop("runtime_config", UNSET)
        runtime_config: SpotlightRunWorkflowBodyRuntimeConfig | Unset
        if isinstance(_runtime_config, Unset):
            runtime_config = UNSET
        else:
            runtime_config = SpotlightRunWorkflowBodyRuntimeConfig.from_dict(_runtime_config)

        spotlight_run_workflow_body = cls(
            task_meta=task_meta,
            input_=input_,
            runtime_config=runtime_config,
        )

        spotlight_run_workflow_body.additional_properties = d
        return spotlight_run_workflow_body

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
