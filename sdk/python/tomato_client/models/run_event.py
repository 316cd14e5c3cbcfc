from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_event_type import RunEventType, check_run_event_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="RunEvent")


@_attrs_define
class RunEvent:
    """One event of a run's stream (native format). `token`/`reasoning_token` data is a string; the others' data is the
    matching `…EventData`, `error` an `ErrorBody`. `scope` is set for nested work (a sub-agent, a workflow node).

        Attributes:
            id (str):
            type_ (RunEventType):
            data (Any): any JSON value
            scope (list[str] | Unset):
    """

    id: str
    type_: RunEventType
    data: Any
    scope: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str = self.type_

        data = self.data

        scope: list[str] | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "data": data,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = check_run_event_type(d.pop("type"))

        data = d.pop("data")

        scope = cast(list[str], d.pop("scope", UNSET))

        run_event = cls(
            id=id,
            type_=type_,
            data=data,
            scope=scope,
        )

        run_event.additional_properties = d
        return run_event

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
