from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkflowRunReport")


@_attrs_define
class WorkflowRunReport:
    """
    Attributes:
        id (str):
        status (str):
        created_at (datetime.datetime):
        workflow_version (int | None | Unset):
        source (str | Unset):  Default: 'workflow'.
        ended_at (datetime.datetime | None | Unset):
        duration_ms (int | None | Unset):
        usage (Any | Unset):
        error (Any | Unset):
        inputs (Any | Unset):
        outputs (Any | Unset):
        nodes (Any | Unset): Per node: status, timings, inputs, outputs, error, branch, usage and a snapshot per run of
            it (each loop iteration).
        messages (Any | Unset):
    """

    id: str
    status: str
    created_at: datetime.datetime
    workflow_version: int | Unset | None = UNSET
    source: str | Unset = "workflow"
    ended_at: datetime.datetime | Unset | None = UNSET
    duration_ms: int | Unset | None = UNSET
    usage: Any | Unset = UNSET
    error: Any | Unset = UNSET
    inputs: Any | Unset = UNSET
    outputs: Any | Unset = UNSET
    nodes: Any | Unset = UNSET
    messages: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        created_at = self.created_at.isoformat()

        workflow_version: int | Unset | None
        if isinstance(self.workflow_version, Unset):
            workflow_version = UNSET
        else:
            workflow_version = self.workflow_version

        source = self.source

        ended_at: str | Unset | None
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        elif isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        duration_ms: int | Unset | None
        if isinstance(self.duration_ms, Unset):
            duration_ms = UNSET
        else:
            duration_ms = self.duration_ms

        usage = self.usage

        error = self.error

        inputs = self.inputs

        outputs = self.outputs

        nodes = self.nodes

        messages = self.messages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "created_at": created_at,
            }
        )
        if workflow_version is not UNSET:
            field_dict["workflow_version"] = workflow_version
        if source is not UNSET:
            field_dict["source"] = source
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if usage is not UNSET:
            field_dict["usage"] = usage
        if error is not UNSET:
            field_dict["error"] = error
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if nodes is not UNSET:
            field_dict["nodes"] = nodes
        if messages is not UNSET:
            field_dict["messages"] = messages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_workflow_version(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workflow_version = _parse_workflow_version(d.pop("workflow_version", UNSET))

        source = d.pop("source", UNSET)

        def _parse_ended_at(data: object) -> datetime.datetime | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        def _parse_duration_ms(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_ms = _parse_duration_ms(d.pop("duration_ms", UNSET))

        usage = d.pop("usage", UNSET)

        error = d.pop("error", UNSET)

        inputs = d.pop("inputs", UNSET)

        outputs = d.pop("outputs", UNSET)

        nodes = d.pop("nodes", UNSET)

        messages = d.pop("messages", UNSET)

        workflow_run_report = cls(
            id=id,
            status=status,
            created_at=created_at,
            workflow_version=workflow_version,
            source=source,
            ended_at=ended_at,
            duration_ms=duration_ms,
            usage=usage,
            error=error,
            inputs=inputs,
            outputs=outputs,
            nodes=nodes,
            messages=messages,
        )

        workflow_run_report.additional_properties = d
        return workflow_run_report

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
