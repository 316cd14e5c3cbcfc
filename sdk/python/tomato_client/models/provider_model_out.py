from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProviderModelOut")


@_attrs_define
class ProviderModelOut:
    """
    Attributes:
        model (str):
        label (str):
        context_window (int | None):
        input_per_million_usd (float | None):
        output_per_million_usd (float | None):
        tool_mode (str):
        reasoning (bool):
    """

    model: str
    label: str
    context_window: int | None
    input_per_million_usd: float | None
    output_per_million_usd: float | None
    tool_mode: str
    reasoning: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        label = self.label

        context_window: int | None
        context_window = self.context_window

        input_per_million_usd: float | None
        input_per_million_usd = self.input_per_million_usd

        output_per_million_usd: float | None
        output_per_million_usd = self.output_per_million_usd

        tool_mode = self.tool_mode

        reasoning = self.reasoning

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "label": label,
                "context_window": context_window,
                "input_per_million_usd": input_per_million_usd,
                "output_per_million_usd": output_per_million_usd,
                "tool_mode": tool_mode,
                "reasoning": reasoning,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        label = d.pop("label")

        def _parse_context_window(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        context_window = _parse_context_window(d.pop("context_window"))

        def _parse_input_per_million_usd(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        input_per_million_usd = _parse_input_per_million_usd(d.pop("input_per_million_usd"))

        def _parse_output_per_million_usd(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        output_per_million_usd = _parse_output_per_million_usd(d.pop("output_per_million_usd"))

        tool_mode = d.pop("tool_mode")

        reasoning = d.pop("reasoning")

        provider_model_out = cls(
            model=model,
            label=label,
            context_window=context_window,
            input_per_million_usd=input_per_million_usd,
            output_per_million_usd=output_per_million_usd,
            tool_mode=tool_mode,
            reasoning=reasoning,
        )

        provider_model_out.additional_properties = d
        return provider_model_out

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
