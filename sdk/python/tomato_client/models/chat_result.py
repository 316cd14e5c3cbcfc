from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_result_status import ChatResultStatus, check_chat_result_status

if TYPE_CHECKING:
    from ..models.message import Message
    from ..models.run_usage import RunUsage


T = TypeVar("T", bound="ChatResult")


@_attrs_define
class ChatResult:
    """The answer once its run has ended

    Attributes:
        conversation_id (str):
        run_id (str):
        status (ChatResultStatus):
        message (Message):
        usage (RunUsage): Tokens and cost of a run (or a sum of runs).
    """

    conversation_id: str
    run_id: str
    status: ChatResultStatus
    message: Message
    usage: RunUsage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = self.conversation_id

        run_id = self.run_id

        status: str = self.status

        message = self.message.to_dict()

        usage = self.usage.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "run_id": run_id,
                "status": status,
                "message": message,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message import Message
        from ..models.run_usage import RunUsage

        d = dict(src_dict)
        conversation_id = d.pop("conversation_id")

        run_id = d.pop("run_id")

        status = check_chat_result_status(d.pop("status"))

        message = Message.from_dict(d.pop("message"))

        usage = RunUsage.from_dict(d.pop("usage"))

        chat_result = cls(
            conversation_id=conversation_id,
            run_id=run_id,
            status=status,
            message=message,
            usage=usage,
        )

        chat_result.additional_properties = d
        return chat_result

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
