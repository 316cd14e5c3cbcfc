from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_enum import RoleEnum, check_role_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alternatives import Alternatives
    from ..models.error_body import ErrorBody
    from ..models.feedback import Feedback
    from ..models.run_usage import RunUsage
    from ..models.tool_call import ToolCall


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """
    Attributes:
        id (str):
        role (RoleEnum): * `user` - user
            * `assistant` - assistant
        content (str):
        tool_calls (list[ToolCall]):
        created_at (datetime.datetime):
        reasoning (str | Unset):  Default: ''.
        status (None | str | Unset): an answer's status: succeeded, failed, cancelled
        error (ErrorBody | None | Unset):
        run_id (None | str | Unset):
        usage (None | RunUsage | Unset):
        model (None | str | Unset):
        alternatives (Alternatives | None | Unset): in a conversation with branches: the other versions of this message;
            null when it has none
        feedback (Feedback | None | Unset): an answer's thumbs up or down
    """

    id: str
    role: RoleEnum
    content: str
    tool_calls: list[ToolCall]
    created_at: datetime.datetime
    reasoning: str | Unset = ""
    status: str | Unset | None = UNSET
    error: ErrorBody | Unset | None = UNSET
    run_id: str | Unset | None = UNSET
    usage: RunUsage | Unset | None = UNSET
    model: str | Unset | None = UNSET
    alternatives: Alternatives | Unset | None = UNSET
    feedback: Feedback | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.alternatives import Alternatives
        from ..models.error_body import ErrorBody
        from ..models.feedback import Feedback
        from ..models.run_usage import RunUsage

        id = self.id

        role: str = self.role

        content = self.content

        tool_calls = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item = tool_calls_item_data.to_dict()
            tool_calls.append(tool_calls_item)

        created_at = self.created_at.isoformat()

        reasoning = self.reasoning

        status: str | Unset | None
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        error: dict[str, Any] | Unset | None
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, ErrorBody):
            error = self.error.to_dict()
        else:
            error = self.error

        run_id: str | Unset | None
        if isinstance(self.run_id, Unset):
            run_id = UNSET
        else:
            run_id = self.run_id

        usage: dict[str, Any] | Unset | None
        if isinstance(self.usage, Unset):
            usage = UNSET
        elif isinstance(self.usage, RunUsage):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        model: str | Unset | None
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        alternatives: dict[str, Any] | Unset | None
        if isinstance(self.alternatives, Unset):
            alternatives = UNSET
        elif isinstance(self.alternatives, Alternatives):
            alternatives = self.alternatives.to_dict()
        else:
            alternatives = self.alternatives

        feedback: dict[str, Any] | Unset | None
        if isinstance(self.feedback, Unset):
            feedback = UNSET
        elif isinstance(self.feedback, Feedback):
            feedback = self.feedback.to_dict()
        else:
            feedback = self.feedback

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "role": role,
                "content": content,
                "tool_calls": tool_calls,
                "created_at": created_at,
            }
        )
        if reasoning is not UNSET:
            field_dict["reasoning"] = reasoning
        if status is not UNSET:
            field_dict["status"] = status
        if error is not UNSET:
            field_dict["error"] = error
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if usage is not UNSET:
            field_dict["usage"] = usage
        if model is not UNSET:
            field_dict["model"] = model
        if alternatives is not UNSET:
            field_dict["alternatives"] = alternatives
        if feedback is not UNSET:
            field_dict["feedback"] = feedback

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alternatives import Alternatives
        from ..models.error_body import ErrorBody
        from ..models.feedback import Feedback
        from ..models.run_usage import RunUsage
        from ..models.tool_call import ToolCall

        d = dict(src_dict)
        id = d.pop("id")

        role = check_role_enum(d.pop("role"))

        content = d.pop("content")

        tool_calls = []
        _tool_calls = d.pop("tool_calls")
        for tool_calls_item_data in _tool_calls:
            tool_calls_item = ToolCall.from_dict(tool_calls_item_data)

            tool_calls.append(tool_calls_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        reasoning = d.pop("reasoning", UNSET)

        def _parse_status(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_error(data: object) -> ErrorBody | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = ErrorBody.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorBody | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_run_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        run_id = _parse_run_id(d.pop("run_id", UNSET))

        def _parse_usage(data: object) -> RunUsage | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_1 = RunUsage.from_dict(data)

                return usage_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RunUsage | Unset, data)

        usage = _parse_usage(d.pop("usage", UNSET))

        def _parse_model(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_alternatives(data: object) -> Alternatives | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                alternatives_type_1 = Alternatives.from_dict(data)

                return alternatives_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Alternatives | None | Unset, data)

        alternatives = _parse_alternatives(d.pop("alternatives", UNSET))

        def _parse_feedback(data: object) -> Feedback | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                feedback_type_1 = Feedback.from_dict(data)

                return feedback_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Feedback | None | Unset, data)

        feedback = _parse_feedback(d.pop("feedback", UNSET))

        message = cls(
            id=id,
            role=role,
            content=content,
            tool_calls=tool_calls,
            created_at=created_at,
            reasoning=reasoning,
            status=status,
            error=error,
            run_id=run_id,
            usage=usage,
            model=model,
            alternatives=alternatives,
            feedback=feedback,
        )

        message.additional_properties = d
        return message

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
