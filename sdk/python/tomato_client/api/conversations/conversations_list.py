from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation_page import ConversationPage
from ...models.error import Error
from ...models.validation_errors import ValidationErrors
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    archived: bool | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    q: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["archived"] = archived

    params["before"] = before

    params["limit"] = limit

    params["pinned"] = pinned

    params["q"] = q

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/conversations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConversationPage | Error | Error | ValidationErrors | None:
    if response.status_code == 200:
        response_200 = ConversationPage.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConversationPage | Error | Error | ValidationErrors]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Response[ConversationPage | Error | Error | ValidationErrors]:
    """
    Args:
        archived (bool | Unset):
        before (str | Unset):
        limit (int | Unset):
        pinned (bool | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationPage | Error | Error | ValidationErrors]
    """

    kwargs = _get_kwargs(
        archived=archived,
        before=before,
        limit=limit,
        pinned=pinned,
        q=q,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    q: str | Unset = UNSET,
) -> ConversationPage | Error | Error | ValidationErrors | None:
    """
    Args:
        archived (bool | Unset):
        before (str | Unset):
        limit (int | Unset):
        pinned (bool | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationPage | Error | Error | ValidationErrors
    """

    return sync_detailed(
        client=client,
        archived=archived,
        before=before,
        limit=limit,
        pinned=pinned,
        q=q,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Response[ConversationPage | Error | Error | ValidationErrors]:
    """
    Args:
        archived (bool | Unset):
        before (str | Unset):
        limit (int | Unset):
        pinned (bool | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationPage | Error | Error | ValidationErrors]
    """

    kwargs = _get_kwargs(
        archived=archived,
        before=before,
        limit=limit,
        pinned=pinned,
        q=q,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    before: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    pinned: bool | Unset = UNSET,
    q: str | Unset = UNSET,
) -> ConversationPage | Error | Error | ValidationErrors | None:
    """
    Args:
        archived (bool | Unset):
        before (str | Unset):
        limit (int | Unset):
        pinned (bool | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationPage | Error | Error | ValidationErrors
    """

    return (
        await asyncio_detailed(
            client=client,
            archived=archived,
            before=before,
            limit=limit,
            pinned=pinned,
            q=q,
        )
    ).parsed
