from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.key_usage_day import KeyUsageDay
    from ..models.key_usage_total import KeyUsageTotal


T = TypeVar("T", bound="KeyUsage")


@_attrs_define
class KeyUsage:
    """A usage answer's ``from`` and ``to`` (``from`` is a Python keyword, hence not a class attribute).

    Attributes:
        key_id (int):
        total (KeyUsageTotal):
        by_day (list[KeyUsageDay]):
        from_ (datetime.date):
        to (datetime.date):
    """

    key_id: int
    total: KeyUsageTotal
    by_day: list[KeyUsageDay]
    from_: datetime.date
    to: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_id = self.key_id

        total = self.total.to_dict()

        by_day = []
        for by_day_item_data in self.by_day:
            by_day_item = by_day_item_data.to_dict()
            by_day.append(by_day_item)

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key_id": key_id,
                "total": total,
                "by_day": by_day,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_usage_day import KeyUsageDay
        from ..models.key_usage_total import KeyUsageTotal

        d = dict(src_dict)
        key_id = d.pop("key_id")

        total = KeyUsageTotal.from_dict(d.pop("total"))

        by_day = []
        _by_day = d.pop("by_day")
        for by_day_item_data in _by_day:
            by_day_item = KeyUsageDay.from_dict(by_day_item_data)

            by_day.append(by_day_item)

        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        key_usage = cls(
            key_id=key_id,
            total=total,
            by_day=by_day,
            from_=from_,
            to=to,
        )

        key_usage.additional_properties = d
        return key_usage

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
