from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubAgentWork")


@_attrs_define
class SubAgentWork:
    """A sub-agent's call: where its own steps are (their ``scope``) and the text it streamed.

    Attributes:
        scope (list[str]): the scope of its events and steps
        text (str): the text it streamed (its answer)
        truncated (int): how many of its steps were too many to keep (0: none)
    """

    scope: list[str]
    text: str
    truncated: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope

        text = self.text

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scope": scope,
                "text": text,
                "truncated": truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scope = cast(list[str], d.pop("scope"))

        text = d.pop("text")

        truncated = d.pop("truncated")

        sub_agent_work = cls(
            scope=scope,
            text=text,
            truncated=truncated,
        )

        sub_agent_work.additional_properties = d
        return sub_agent_work

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
