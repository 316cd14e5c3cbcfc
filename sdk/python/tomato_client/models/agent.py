from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Agent")


@_attrs_define
class Agent:
    """
    Attributes:
        id (str):
        version (int):
        name (str):
        emoji (str):
        description (str):
        starters (list[str]):
        instructions (str):
        provider (str):
        model (str):
        temperature (float | None):
        tools (list[str]):
        knowledge (list[str]):
        tool_mode (str):
        max_iterations (int | None):
        agents (list[str]):
        visibility (str):
        owner (None | str):
        is_owner (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    version: int
    name: str
    emoji: str
    description: str
    starters: list[str]
    instructions: str
    provider: str
    model: str
    temperature: float | None
    tools: list[str]
    knowledge: list[str]
    tool_mode: str
    max_iterations: int | None
    agents: list[str]
    visibility: str
    owner: str | None
    is_owner: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        version = self.version

        name = self.name

        emoji = self.emoji

        description = self.description

        starters = self.starters

        instructions = self.instructions

        provider = self.provider

        model = self.model

        temperature: float | None
        temperature = self.temperature

        tools = self.tools

        knowledge = self.knowledge

        tool_mode = self.tool_mode

        max_iterations: int | None
        max_iterations = self.max_iterations

        agents = self.agents

        visibility = self.visibility

        owner: str | None
        owner = self.owner

        is_owner = self.is_owner

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "version": version,
                "name": name,
                "emoji": emoji,
                "description": description,
                "starters": starters,
                "instructions": instructions,
                "provider": provider,
                "model": model,
                "temperature": temperature,
                "tools": tools,
                "knowledge": knowledge,
                "tool_mode": tool_mode,
                "max_iterations": max_iterations,
                "agents": agents,
                "visibility": visibility,
                "owner": owner,
                "is_owner": is_owner,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        version = d.pop("version")

        name = d.pop("name")

        emoji = d.pop("emoji")

        description = d.pop("description")

        starters = cast(list[str], d.pop("starters"))

        instructions = d.pop("instructions")

        provider = d.pop("provider")

        model = d.pop("model")

        def _parse_temperature(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        temperature = _parse_temperature(d.pop("temperature"))

        tools = cast(list[str], d.pop("tools"))

        knowledge = cast(list[str], d.pop("knowledge"))

        tool_mode = d.pop("tool_mode")

        def _parse_max_iterations(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_iterations = _parse_max_iterations(d.pop("max_iterations"))

        agents = cast(list[str], d.pop("agents"))

        visibility = d.pop("visibility")

        def _parse_owner(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        owner = _parse_owner(d.pop("owner"))

        is_owner = d.pop("is_owner")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        agent = cls(
            id=id,
            version=version,
            name=name,
            emoji=emoji,
            description=description,
            starters=starters,
            instructions=instructions,
            provider=provider,
            model=model,
            temperature=temperature,
            tools=tools,
            knowledge=knowledge,
            tool_mode=tool_mode,
            max_iterations=max_iterations,
            agents=agents,
            visibility=visibility,
            owner=owner,
            is_owner=is_owner,
            created_at=created_at,
            updated_at=updated_at,
        )

        agent.additional_properties = d
        return agent

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
