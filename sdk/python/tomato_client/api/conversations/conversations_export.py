from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation_export import ConversationExport
from ...models.conversations_export_format import ConversationsExportFormat
from ...models.error import Error
from ...models.validation_errors import ValidationErrors
from ...types import UNSET, Response, Unset


def _get_kwargs(
    conversation_id: str,
    *,
    format_: ConversationsExportFormat | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/conversations/{conversation_id}/export".format(
            conversation_id=quote(str(conversation_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConversationExport | Error | Error | ValidationErrors | None:
    if response.status_code == 200:
        response_200 = ConversationExport.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> Error | ValidationErrors:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = ValidationErrors.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = Error.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConversationExport | Error | Error | ValidationErrors]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    format_: ConversationsExportFormat | Unset = UNSET,
) -> Response[ConversationExport | Error | Error | ValidationErrors]:
    """The whole conversation as a download: Markdown (roles, times, answers as written) or JSON (the
    conversation and its messages as the API serializes them).

    Args:
        conversation_id (str):
        format_ (ConversationsExportFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationExport | Error | Error | ValidationErrors]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    format_: ConversationsExportFormat | Unset = UNSET,
) -> ConversationExport | Error | Error | ValidationErrors | None:
    """The whole conversation as a download: Markdown (roles, times, answers as written) or JSON (the
    conversation and its messages as the API serializes them).

    Args:
        conversation_id (str):
        format_ (ConversationsExportFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationExport | Error | Error | ValidationErrors
    """

    return sync_detailed(
        conversation_id=conversation_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    format_: ConversationsExportFormat | Unset = UNSET,
) -> Response[ConversationExport | Error | Error | ValidationErrors]:
    """The whole conversation as a download: Markdown (roles, times, answers as written) or JSON (the
    conversation and its messages as the API serializes them).

    Args:
        conversation_id (str):
        format_ (ConversationsExportFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationExport | Error | Error | ValidationErrors]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    conversation_id: str,
    *,
    client: AuthenticatedClient,
    format_: ConversationsExportFormat | Unset = UNSET,
) -> ConversationExport | Error | Error | ValidationErrors | None:
    """The whole conversation as a download: Markdown (roles, times, answers as written) or JSON (the
    conversation and its messages as the API serializes them).

    Args:
        conversation_id (str):
        format_ (ConversationsExportFormat | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationExport | Error | Error | ValidationErrors
    """

    return (
        await asyncio_detailed(
            conversation_id=conversation_id,
            client=client,
            format_=format_,
        )
    ).parsed
