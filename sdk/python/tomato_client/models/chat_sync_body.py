from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_sync_body_if_busy import ChatSyncBodyIfBusy, check_chat_sync_body_if_busy
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatSyncBody")


@_attrs_define
class ChatSyncBody:
    """
    Attributes:
        message (str):
        conversation_id (None | str | Unset):
        agent_id (None | str | Unset): a new conversation's agent (GET /api/agents); it keeps it
        workflow_id (int | None | Unset): a new conversation answered by this workflow
        if_busy (ChatSyncBodyIfBusy | Unset): while the conversation's answer runs: reject (409, default), enqueue,
            interrupt
    """

    message: str
    conversation_id: str | Unset | None = UNSET
    agent_id: str | Unset | None = UNSET
    workflow_id: int | Unset | None = UNSET
    if_busy: ChatSyncBodyIfBusy | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        conversation_id: str | Unset | None
        if isinstance(self.conversation_id, Unset):
            conversation_id = UNSET
        else:
            conversation_id = self.conversation_id

        agent_id: str | Unset | None
        if isinstance(self.agent_id, Unset):
            agent_id = UNSET
        else:
            agent_id = self.agent_id

        workflow_id: int | Unset | None
        if isinstance(self.workflow_id, Unset):
            workflow_id = UNSET
        else:
            workflow_id = self.workflow_id

        if_busy: str | Unset = UNSET
        if not isinstance(self.if_busy, Unset):
            if_busy = self.if_busy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if conversation_id is not UNSET:
            field_dict["conversation_id"] = conversation_id
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if workflow_id is not UNSET:
            field_dict["workflow_id"] = workflow_id
        if if_busy is not UNSET:
            field_dict["if_busy"] = if_busy

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        def _parse_conversation_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        conversation_id = _parse_conversation_id(d.pop("conversation_id", UNSET))

        def _parse_agent_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agent_id = _parse_agent_id(d.pop("agent_id", UNSET))

        def _parse_workflow_id(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workflow_id = _parse_workflow_id(d.pop("workflow_id", UNSET))

        _if_busy = d.pop("if_busy", UNSET)
        if_busy: ChatSyncBodyIfBusy | Unset
        if isinstance(_if_busy, Unset):
            if_busy = UNSET
        else:
            if_busy = check_chat_sync_body_if_busy(_if_busy)

        chat_sync_body = cls(
            message=message,
            conversation_id=conversation_id,
            agent_id=agent_id,
            workflow_id=workflow_id,
            if_busy=if_busy,
        )

        chat_sync_body.additional_properties = d
        return chat_sync_body

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
