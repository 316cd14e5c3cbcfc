from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Embed")


@_attrs_define
class Embed:
    """
    Attributes:
        id (int):
        name (str):
        token (str): public: it is in the host page
        agent (str):
        allowed_origins (list[str]):
        greeting (str):
        theme_color (str):
        visitor_requests_per_minute (int):
        ip_requests_per_minute (int):
        daily_token_budget (int | None):
        enabled (bool):
        identity_secret (str): to pass your site's users through: user_hash = HMAC-SHA256(identity_secret, user_id), hex
        created_at (datetime.datetime):
        snippet (str): the tag to paste into the host page
    """

    id: int
    name: str
    token: str
    agent: str
    allowed_origins: list[str]
    greeting: str
    theme_color: str
    visitor_requests_per_minute: int
    ip_requests_per_minute: int
    daily_token_budget: int | None
    enabled: bool
    identity_secret: str
    created_at: datetime.datetime
    snippet: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        token = self.token

        agent = self.agent

        allowed_origins = self.allowed_origins

        greeting = self.greeting

        theme_color = self.theme_color

        visitor_requests_per_minute = self.visitor_requests_per_minute

        ip_requests_per_minute = self.ip_requests_per_minute

        daily_token_budget: int | None
        daily_token_budget = self.daily_token_budget

        enabled = self.enabled

        identity_secret = self.identity_secret

        created_at = self.created_at.isoformat()

        snippet = self.snippet

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "token": token,
                "agent": agent,
                "allowed_origins": allowed_origins,
                "greeting": greeting,
                "theme_color": theme_color,
                "visitor_requests_per_minute": visitor_requests_per_minute,
                "ip_requests_per_minute": ip_requests_per_minute,
                "daily_token_budget": daily_token_budget,
                "enabled": enabled,
                "identity_secret": identity_secret,
                "created_at": created_at,
                "snippet": snippet,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        token = d.pop("token")

        agent = d.pop("agent")

        allowed_origins = cast(list[str], d.pop("allowed_origins"))

        greeting = d.pop("greeting")

        theme_color = d.pop("theme_color")

        visitor_requests_per_minute = d.pop("visitor_requests_per_minute")

        ip_requests_per_minute = d.pop("ip_requests_per_minute")

        def _parse_daily_token_budget(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        daily_token_budget = _parse_daily_token_budget(d.pop("daily_token_budget"))

        enabled = d.pop("enabled")

        identity_secret = d.pop("identity_secret")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        snippet = d.pop("snippet")

        embed = cls(
            id=id,
            name=name,
            token=token,
            agent=agent,
            allowed_origins=allowed_origins,
            greeting=greeting,
            theme_color=theme_color,
            visitor_requests_per_minute=visitor_requests_per_minute,
            ip_requests_per_minute=ip_requests_per_minute,
            daily_token_budget=daily_token_budget,
            enabled=enabled,
            identity_secret=identity_secret,
            created_at=created_at,
            snippet=snippet,
        )

        embed.additional_properties = d
        return embed

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
