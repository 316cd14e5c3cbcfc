from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_status import HealthStatus, check_health_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.health_checks import HealthChecks
    from ..models.health_llm import HealthLlm


T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """
    Attributes:
        status (HealthStatus):
        checks (HealthChecks):
        llm (HealthLlm):
        failed (list[str] | Unset):
    """

    status: HealthStatus
    checks: HealthChecks
    llm: HealthLlm
    failed: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        checks = self.checks.to_dict()

        llm = self.llm.to_dict()

        failed: list[str] | Unset = UNSET
        if not isinstance(self.failed, Unset):
            failed = self.failed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "checks": checks,
                "llm": llm,
            }
        )
        if failed is not UNSET:
            field_dict["failed"] = failed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_checks import HealthChecks
        from ..models.health_llm import HealthLlm

        d = dict(src_dict)
        status = check_health_status(d.pop("status"))

        checks = HealthChecks.from_dict(d.pop("checks"))

        llm = HealthLlm.from_dict(d.pop("llm"))

        failed = cast(list[str], d.pop("failed", UNSET))

        health = cls(
            status=status,
            checks=checks,
            llm=llm,
            failed=failed,
        )

        health.additional_properties = d
        return health

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
