from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chat_completion import ChatCompletion
from ...models.chat_completion_request import ChatCompletionRequest
from ...models.open_ai_error import OpenAIError
from ...types import Response


def _get_kwargs(
    *,
    body: ChatCompletionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/chat/completions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChatCompletion | OpenAIError | None:
    if response.status_code == 200:
        response_200 = ChatCompletion.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = OpenAIError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OpenAIError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = OpenAIError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = OpenAIError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = OpenAIError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = OpenAIError.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = OpenAIError.from_dict(response.json())

        return response_502

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ChatCompletion | OpenAIError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ChatCompletionRequest,
) -> Response[ChatCompletion | OpenAIError]:
    """Run an agent: OpenAI Chat Completions (streaming or not)

    Args:
        body (ChatCompletionRequest): OpenAI's request. Sampling parameters (temperature,
            max_tokens…) are accepted and ignored: the agent's settings apply. `tools`, `n` > 1, non-
            text content parts and non-text response formats are 400 `unsupported_parameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatCompletion | OpenAIError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ChatCompletionRequest,
) -> ChatCompletion | OpenAIError | None:
    """Run an agent: OpenAI Chat Completions (streaming or not)

    Args:
        body (ChatCompletionRequest): OpenAI's request. Sampling parameters (temperature,
            max_tokens…) are accepted and ignored: the agent's settings apply. `tools`, `n` > 1, non-
            text content parts and non-text response formats are 400 `unsupported_parameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatCompletion | OpenAIError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ChatCompletionRequest,
) -> Response[ChatCompletion | OpenAIError]:
    """Run an agent: OpenAI Chat Completions (streaming or not)

    Args:
        body (ChatCompletionRequest): OpenAI's request. Sampling parameters (temperature,
            max_tokens…) are accepted and ignored: the agent's settings apply. `tools`, `n` > 1, non-
            text content parts and non-text response formats are 400 `unsupported_parameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatCompletion | OpenAIError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ChatCompletionRequest,
) -> ChatCompletion | OpenAIError | None:
    """Run an agent: OpenAI Chat Completions (streaming or not)

    Args:
        body (ChatCompletionRequest): OpenAI's request. Sampling parameters (temperature,
            max_tokens…) are accepted and ignored: the agent's settings apply. `tools`, `n` > 1, non-
            text content parts and non-text response formats are 400 `unsupported_parameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatCompletion | OpenAIError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
