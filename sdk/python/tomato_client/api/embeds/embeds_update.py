from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.embed import Embed
from ...models.error import Error
from ...models.patched_embed_input import PatchedEmbedInput
from ...models.validation_errors import ValidationErrors
from ...types import UNSET, Response, Unset


def _get_kwargs(
    embed_id: int,
    *,
    body: PatchedEmbedInput | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/embeds/{embed_id}".format(
            embed_id=quote(str(embed_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Embed | Error | Error | ValidationErrors | None:
    if response.status_code == 200:
        response_200 = Embed.from_dict(response.json())

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
) -> Response[Embed | Error | Error | ValidationErrors]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    embed_id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedEmbedInput | Unset = UNSET,
) -> Response[Embed | Error | Error | ValidationErrors]:
    """
    Args:
        embed_id (int):
        body (PatchedEmbedInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Embed | Error | Error | ValidationErrors]
    """

    kwargs = _get_kwargs(
        embed_id=embed_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    embed_id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedEmbedInput | Unset = UNSET,
) -> Embed | Error | Error | ValidationErrors | None:
    """
    Args:
        embed_id (int):
        body (PatchedEmbedInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Embed | Error | Error | ValidationErrors
    """

    return sync_detailed(
        embed_id=embed_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    embed_id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedEmbedInput | Unset = UNSET,
) -> Response[Embed | Error | Error | ValidationErrors]:
    """
    Args:
        embed_id (int):
        body (PatchedEmbedInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Embed | Error | Error | ValidationErrors]
    """

    kwargs = _get_kwargs(
        embed_id=embed_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    embed_id: int,
    *,
    client: AuthenticatedClient,
    body: PatchedEmbedInput | Unset = UNSET,
) -> Embed | Error | Error | ValidationErrors | None:
    """
    Args:
        embed_id (int):
        body (PatchedEmbedInput | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Embed | Error | Error | ValidationErrors
    """

    return (
        await asyncio_detailed(
            embed_id=embed_id,
            client=client,
            body=body,
        )
    ).parsed
