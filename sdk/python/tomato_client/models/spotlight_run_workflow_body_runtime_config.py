from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spotlight_run_workflow_body_runtime_config_model import SpotlightRunWorkflowBodyRuntimeConfigModel
    from ..models.spotlight_run_workflow_body_runtime_config_tools_item import (
        SpotlightRunWorkflowBodyRuntimeConfigToolsItem,
    )
    from ..models.spotlight_run_workflow_body_runtime_config_vault import SpotlightRunWorkflowBodyRuntimeConfigVault


T = TypeVar("T", bound="SpotlightRunWorkflowBodyRuntimeConfig")


@_attrs_define
class SpotlightRunWorkflowBodyRuntimeConfig:
    """
    Attributes:
        model (SpotlightRunWorkflowBodyRuntimeConfigModel | Unset):
        tools (list[SpotlightRunWorkflowBodyRuntimeConfigToolsItem] | Unset):
        vault (SpotlightRunWorkflowBodyRuntimeConfigVault | Unset):
    """

    model: SpotlightRunWorkflowBodyRuntimeConfigModel | Unset = UNSET
    tools: list[SpotlightRunWorkflowBodyRuntimeConfigToolsItem] | Unset = UNSET
    vault: SpotlightRunWorkflowBodyRuntimeConfigVault | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.to_dict()

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        vault: dict[str, Any] | Unset = UNSET
        if not isinstance(self.vault, Unset):
            vault = self.vault.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model is not UNSET:
            field_dict["model"] = model
        if tools is not UNSET:
            field_dict["tools"] = tools
        if vault is not UNSET:
            field_dict["vault"] = vault

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spotlight_run_workflow_body_runtime_config_model import SpotlightRunWorkflowBodyRuntimeConfigModel
        from ..models.spotlight_run_workflow_body_runtime_config_tools_item import (
            SpotlightRunWorkflowBodyRuntimeConfigToolsItem,
        )
        from ..models.spotlight_run_workflow_body_runtime_config_vault import SpotlightRunWorkflowBodyRuntimeConfigVault

        d = dict(src_dict)
        _model = d.pop("model", UNSET)
        model: SpotlightRunWorkflowBodyRuntimeConfigModel | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = SpotlightRunWorkflowBodyRuntimeConfigModel.from_dict(_model)

        _tools = d.pop("tools", UNSET)
        tools: list[SpotlightRunWorkflowBodyRuntimeConfigToolsItem] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = SpotlightRunWorkflowBodyRuntimeConfigToolsItem.from_dict(tools_item_data)

                tools.append(tools_item)

        _vault = d.pop("vault", UNSET)
        vault: SpotlightRunWorkflowBodyRuntimeConfigVault | Unset
        if isinstance(_vault, Unset):
            vault = UNSET
        else:
            vault = SpotlightRunWorkflowBodyRuntimeConfigVault.from_dict(_vault)

        spotlight_run_workflow_body_runtime_config = cls(
            model=model,
            tools=tools,
            vault=vault,
        )

        spotlight_run_workflow_body_runtime_config.additional_properties = d
        return spotlight_run_workflow_body_runtime_config

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
