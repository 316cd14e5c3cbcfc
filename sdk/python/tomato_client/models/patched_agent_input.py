from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blank_enum import BlankEnum, check_blank_enum
from ..models.tool_mode_enum import ToolModeEnum, check_tool_mode_enum
from ..models.visibility_enum import VisibilityEnum, check_visibility_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedAgentInput")


@_attrs_define
class PatchedAgentInput:
    """What ``POST`` takes (``PATCH`` takes any of it). Checked by ``agents.agent_services``.

    Attributes:
        name (str | Unset):
        instructions (str | Unset): its system prompt
        tools (list[str] | Unset): registry tool names
        agents (list[str] | Unset): ids of agents it may call as tools
        provider (None | str | Unset): provider slug
        model (None | str | Unset):
        temperature (float | None | Unset):
        emoji (str | Unset):
        description (str | Unset):
        starters (list[str] | Unset):
        knowledge (list[str] | Unset): snippet tags that scope code_search
        tool_mode (BlankEnum | ToolModeEnum | Unset):
        max_iterations (int | None | Unset):
        visibility (VisibilityEnum | Unset): * `private` - private
            * `link` - link
            * `public` - public
        global_agent (bool | Unset): staff only, on create: owned by nobody
    """

    name: str | Unset = UNSET
    instructions: str | Unset = UNSET
    tools: list[str] | Unset = UNSET
    agents: list[str] | Unset = UNSET
    provider: str | Unset | None = UNSET
    model: str | Unset | None = UNSET
    temperature: float | Unset | None = UNSET
    emoji: str | Unset = UNSET
    description: str | Unset = UNSET
    starters: list[str] | Unset = UNSET
    knowledge: list[str] | Unset = UNSET
    tool_mode: BlankEnum | ToolModeEnum | Unset = UNSET
    max_iterations: int | Unset | None = UNSET
    visibility: VisibilityEnum | Unset = UNSET
    global_agent: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        instructions = self.instructions

        tools: list[str] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = self.tools

        agents: list[str] | Unset = UNSET
        if not isinstance(self.agents, Unset):
            agents = self.agents

        provider: str | Unset | None
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        model: str | Unset | None
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        temperature: float | Unset | None
        if isinstance(self.temperature, Unset):
            temperature = UNSET
        else:
            temperature = self.temperature

        emoji = self.emoji

        description = self.description

        starters: list[str] | Unset = UNSET
        if not isinstance(self.starters, Unset):
            starters = self.starters

        knowledge: list[str] | Unset = UNSET
        if not isinstance(self.knowledge, Unset):
            knowledge = self.knowledge

        tool_mode: str | Unset
        if isinstance(self.tool_mode, Unset):
            tool_mode = UNSET
        elif isinstance(self.tool_mode, str):
            tool_mode = self.tool_mode
        else:
            tool_mode = self.tool_mode

        max_iterations: int | Unset | None
        if isinstance(self.max_iterations, Unset):
            max_iterations = UNSET
        else:
            max_iterations = self.max_iterations

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        global_agent = self.global_agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if instructions is not UNSET:
            field_dict["instructions"] = instructions
        if tools is not UNSET:
            field_dict["tools"] = tools
        if agents is not UNSET:
            field_dict["agents"] = agents
        if provider is not UNSET:
            field_dict["provider"] = provider
        if model is not UNSET:
            field_dict["model"] = model
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if emoji is not UNSET:
            field_dict["emoji"] = emoji
        if description is not UNSET:
            field_dict["description"] = description
        if starters is not UNSET:
            field_dict["starters"] = starters
        if knowledge is not UNSET:
            field_dict["knowledge"] = knowledge
        if tool_mode is not UNSET:
            field_dict["tool_mode"] = tool_mode
        if max_iterations is not UNSET:
            field_dict["max_iterations"] = max_iterations
        if visibility is not UNSET:
            field_dict["visibility"] = visibility
        if global_agent is not UNSET:
            field_dict["global_agent"] = global_agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        instructions = d.pop("instructions", UNSET)

        tools = cast(list[str], d.pop("tools", UNSET))

        agents = cast(list[str], d.pop("agents", UNSET))

        def _parse_provider(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_model(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_temperature(data: object) -> float | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        temperature = _parse_temperature(d.pop("temperature", UNSET))

        emoji = d.pop("emoji", UNSET)

        description = d.pop("description", UNSET)

        starters = cast(list[str], d.pop("starters", UNSET))

        knowledge = cast(list[str], d.pop("knowledge", UNSET))

        def _parse_tool_mode(data: object) -> BlankEnum | ToolModeEnum | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tool_mode_type_0 = check_tool_mode_enum(data)

                return tool_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            tool_mode_type_1 = check_blank_enum(data)

            return tool_mode_type_1

        tool_mode = _parse_tool_mode(d.pop("tool_mode", UNSET))

        def _parse_max_iterations(data: object) -> int | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_iterations = _parse_max_iterations(d.pop("max_iterations", UNSET))

        _visibility = d.pop("visibility", UNSET)
        visibility: VisibilityEnum | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_visibility_enum(_visibility)

        global_agent = d.pop("global_agent", UNSET)

        patched_agent_input = cls(
            name=name,
            instructions=instructions,
            tools=tools,
            agents=agents,
            provider=provider,
            model=model,
            temperature=temperature,
            emoji=emoji,
            description=description,
            starters=starters,
            knowledge=knowledge,
            tool_mode=tool_mode,
            max_iterations=max_iterations,
            visibility=visibility,
            global_agent=global_agent,
        )

        patched_agent_input.additional_properties = d
        return patched_agent_input

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
