from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RunStarted")


@_attrs_define
class RunStarted:
    """
    Attributes:
        run_id (str):
        workflow_id (int | None):
        version (int | None):
        events_url (str):
    """

    run_id: str
    workflow_id: int | None
    version: int | None
    events_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        workflow_id: int | None
        workflow_id = self.workflow_id

        version: int | None
        version = self.version

        events_url = self.events_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "workflow_id": workflow_id,
                "version": version,
                "events_url": events_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        def _parse_workflow_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        workflow_id = _parse_workflow_id(d.pop("workflow_id"))

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))

        events_url = d.pop("events_url")

        run_started = cls(
            run_id=run_id,
            workflow_id=workflow_id,
            version=version,
            events_url=events_url,
        )

        run_started.additional_properties = d
        return run_started

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
