from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmbedInput")


@_attrs_define
class EmbedInput:
    """
    Attributes:
        name (str):
        allowed_origins (list[str]): origins like https://www.example.com
        agent (str | Unset): a model id from /v1/models
        greeting (str | Unset):
        theme_color (str | Unset):
        visitor_requests_per_minute (int | Unset):
        ip_requests_per_minute (int | Unset):
        daily_token_budget (int | None | Unset):
        enabled (bool | Unset):
    """

    name: str
    allowed_origins: list[str]
    agent: str | Unset = UNSET
    greeting: str | Unset = UNSET
    theme_color: str | Unset = UNSET
    visitor_requests_per_minute: int | Unset = UNSET
    ip_requests_per_minute: int | Unset = UNSET
    daily_token_budget: int | Unset | None = UNSET
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        allowed_origins = self.allowed_origins

        agent = self.agent

        greeting = self.greeting

        theme_color = self.theme_color

        visitor_requests_per_minute = self.visitor_requests_per_minute

        ip_requests_per_minute = self.ip_requests_per_minute

        daily_token_budget: int | Unset | None
        if isinstance(self.daily_token_budget, Unset):
            daily_token_budget = UNSET
        else:
            daily_token_budget = self.daily_token_budget

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "allowed_origins": allowed_origins,
            }
        )
        if agent is not UNSET:
            field_dict["agent"] = agent
        if greeting is not UNSET:
            field_dict["greeting"] = greeting
        if theme_color is not UNSET:
            field_dict["theme_color"] = theme_color
        if visitor_requests_per_minute is not UNSET:
            field_dict["visitor_requests_per_minute"] = visitor_requests_per_minute
        if ip_requests_per_minute is not UNSET:
            field_dict["ip_requests_per_minute"] = ip_requests_per_minute
        if daily_token_budget is not UNSET:
            field_dict["daily_token_budget"] = daily_token_budget
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        allowed_origins = cast(list[str], d.pop("allowed_origins"))

        agent = d.pop("agent", UNSET)

        greeting = d.pop("greeting", UNSET)

        theme_color = d.pop("theme_color", UNSET)

        visitor_requests_per_minute = d.pop("visitor_requests_per_minute", UNSET)

        ip_requests_per_minute = d.pop("ip_requests_per_minute", UNSET)

        def _parse_daily_token_budget(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        daily_token_budget = _parse_daily_token_budget(d.pop("daily_token_budget", UNSET))

        enabled = d.pop("enabled", UNSET)

        embed_input = cls(
            name=name,
            allowed_origins=allowed_origins,
            agent=agent,
            greeting=greeting,
            theme_color=theme_color,
            visitor_requests_per_minute=visitor_requests_per_minute,
            ip_requests_per_minute=ip_requests_per_minute,
            daily_token_budget=daily_token_budget,
            enabled=enabled,
        )

        embed_input.additional_properties = d
        return embed_input

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
