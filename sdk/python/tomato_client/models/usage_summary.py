from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.usage_totals import UsageTotals
    from ..models.usage_user import UsageUser


T = TypeVar("T", bound="UsageSummary")


@_attrs_define
class UsageSummary:
    """``GET /api/usage/summary`` (staff): usage per person.

    Attributes:
        total (UsageTotals):
        by_user (list[UsageUser]):
        from_ (datetime.date):
        to (datetime.date):
    """

    total: UsageTotals
    by_user: list[UsageUser]
    from_: datetime.date
    to: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total.to_dict()

        by_user = []
        for by_user_item_data in self.by_user:
            by_user_item = by_user_item_data.to_dict()
            by_user.append(by_user_item)

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "by_user": by_user,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.usage_totals import UsageTotals
        from ..models.usage_user import UsageUser

        d = dict(src_dict)
        total = UsageTotals.from_dict(d.pop("total"))

        by_user = []
        _by_user = d.pop("by_user")
        for by_user_item_data in _by_user:
            by_user_item = UsageUser.from_dict(by_user_item_data)

            by_user.append(by_user_item)

        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        usage_summary = cls(
            total=total,
            by_user=by_user,
            from_=from_,
            to=to,
        )

        usage_summary.additional_properties = d
        return usage_summary

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
