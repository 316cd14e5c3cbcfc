from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.spotlight_run_workflow_body_input_messages_item import SpotlightRunWorkflowBodyInputMessagesItem
    from ..models.spotlight_run_workflow_body_input_variables import SpotlightRunWorkflowBodyInputVariables


T = TypeVar("T", bound="SpotlightRunWorkflowBodyInput")


@_attrs_define
class SpotlightRunWorkflowBodyInput:
    """
    Attributes:
        messages (list[SpotlightRunWorkflowBodyInputMessagesItem] | Unset):
        variables (SpotlightRunWorkflowBodyInputVariables | Unset):
    """

    messages: list[SpotlightRunWorkflowBodyInputMessagesItem] | Unset = UNSET
    variables: SpotlightRunWorkflowBodyInputVariables | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        messages: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.messages, Unset):
            messages = []
            for messages_item_data in self.messages:
                messages_item = messages_item_data.to_dict()
                messages.append(messages_item)

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if messages is not UNSET:
            field_dict["messages"] = messages
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spotlight_run_workflow_body_input_messages_item import SpotlightRunWorkflowBodyInputMessagesItem
        from ..models.spotlight_run_workflow_body_input_variables import SpotlightRunWorkflowBodyInputVariables

        d = dict(src_dict)
        _messages = d.pop("messages", UNSET)
        messages: list[SpotlightRunWorkflowBodyInputMessagesItem] | Unset = UNSET
        if _messages is not UNSET:
            messages = []
            for messages_item_data in _messages:
                messages_item = SpotlightRunWorkflowBodyInputMessagesItem.from_dict(messages_item_data)

                messages.append(messages_item)

        _variables = d.pop("variables", UNSET)
        variables: SpotlightRunWorkflowBodyInputVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = SpotlightRunWorkflowBodyInputVariables.from_dict(_variables)

        spotlight_run_workflow_body_input = cls(
            messages=messages,
            variables=variables,
        )

        spotlight_run_workflow_body_input.additional_properties = d
        return spotlight_run_workflow_body_input

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
