from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.snippet_page import SnippetPage
from ...models.snippets_list_scope import SnippetsListScope
from ...models.validation_errors import ValidationErrors
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    language: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    scope: SnippetsListScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["language"] = language

    params["limit"] = limit

    params["q"] = q

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope

    params["scope"] = json_scope

    params["tag"] = tag

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/snippets",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Error | ValidationErrors | SnippetPage | None:
    if response.status_code == 200:
        response_200 = SnippetPage.from_dict(response.json())

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
) -> Response[Error | Error | ValidationErrors | SnippetPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    language: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    scope: SnippetsListScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | SnippetPage]:
    """Your own and shared snippets, newest first. `q` filters by substring; for ranked search use
    /api/snippets/search.

    Args:
        cursor (str | Unset):
        language (str | Unset):
        limit (int | Unset):
        q (str | Unset):
        scope (SnippetsListScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | SnippetPage]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        language=language,
        limit=limit,
        q=q,
        scope=scope,
        tag=tag,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    language: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    scope: SnippetsListScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Error | Error | ValidationErrors | SnippetPage | None:
    """Your own and shared snippets, newest first. `q` filters by substring; for ranked search use
    /api/snippets/search.

    Args:
        cursor (str | Unset):
        language (str | Unset):
        limit (int | Unset):
        q (str | Unset):
        scope (SnippetsListScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | SnippetPage
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        language=language,
        limit=limit,
        q=q,
        scope=scope,
        tag=tag,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    language: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    scope: SnippetsListScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | SnippetPage]:
    """Your own and shared snippets, newest first. `q` filters by substring; for ranked search use
    /api/snippets/search.

    Args:
        cursor (str | Unset):
        language (str | Unset):
        limit (int | Unset):
        q (str | Unset):
        scope (SnippetsListScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | SnippetPage]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        language=language,
        limit=limit,
        q=q,
        scope=scope,
        tag=tag,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    language: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    scope: SnippetsListScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Error | Error | ValidationErrors | SnippetPage | None:
    """Your own and shared snippets, newest first. `q` filters by substring; for ranked search use
    /api/snippets/search.

    Args:
        cursor (str | Unset):
        language (str | Unset):
        limit (int | Unset):
        q (str | Unset):
        scope (SnippetsListScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | SnippetPage
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            language=language,
            limit=limit,
            q=q,
            scope=scope,
            tag=tag,
        )
    ).parsed
