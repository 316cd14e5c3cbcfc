from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.snippet_hit import SnippetHit
from ...models.snippets_search_scope import SnippetsSearchScope
from ...models.validation_errors import ValidationErrors
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    k: int | Unset = 5,
    language: str | Unset = UNSET,
    q: str,
    scope: SnippetsSearchScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["k"] = k

    params["language"] = language

    params["q"] = q

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope

    params["scope"] = json_scope

    params["tag"] = tag

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/snippets/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Error | ValidationErrors | list[SnippetHit] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = SnippetHit.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Error | Error | ValidationErrors | list[SnippetHit]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    k: int | Unset = 5,
    language: str | Unset = UNSET,
    q: str,
    scope: SnippetsSearchScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | list[SnippetHit]]:
    """Hybrid search (dense e5 embeddings + BM25, reciprocal-rank fusion) over your own and shared
    snippets; Korean and English.

    Args:
        k (int | Unset):  Default: 5.
        language (str | Unset):
        q (str):
        scope (SnippetsSearchScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | list[SnippetHit]]
    """

    kwargs = _get_kwargs(
        k=k,
        language=language,
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
    k: int | Unset = 5,
    language: str | Unset = UNSET,
    q: str,
    scope: SnippetsSearchScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Error | Error | ValidationErrors | list[SnippetHit] | None:
    """Hybrid search (dense e5 embeddings + BM25, reciprocal-rank fusion) over your own and shared
    snippets; Korean and English.

    Args:
        k (int | Unset):  Default: 5.
        language (str | Unset):
        q (str):
        scope (SnippetsSearchScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | list[SnippetHit]
    """

    return sync_detailed(
        client=client,
        k=k,
        language=language,
        q=q,
        scope=scope,
        tag=tag,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    k: int | Unset = 5,
    language: str | Unset = UNSET,
    q: str,
    scope: SnippetsSearchScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | list[SnippetHit]]:
    """Hybrid search (dense e5 embeddings + BM25, reciprocal-rank fusion) over your own and shared
    snippets; Korean and English.

    Args:
        k (int | Unset):  Default: 5.
        language (str | Unset):
        q (str):
        scope (SnippetsSearchScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | list[SnippetHit]]
    """

    kwargs = _get_kwargs(
        k=k,
        language=language,
        q=q,
        scope=scope,
        tag=tag,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    k: int | Unset = 5,
    language: str | Unset = UNSET,
    q: str,
    scope: SnippetsSearchScope | Unset = "all",
    tag: str | Unset = UNSET,
) -> Error | Error | ValidationErrors | list[SnippetHit] | None:
    """Hybrid search (dense e5 embeddings + BM25, reciprocal-rank fusion) over your own and shared
    snippets; Korean and English.

    Args:
        k (int | Unset):  Default: 5.
        language (str | Unset):
        q (str):
        scope (SnippetsSearchScope | Unset):  Default: 'all'.
        tag (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | list[SnippetHit]
    """

    return (
        await asyncio_detailed(
            client=client,
            k=k,
            language=language,
            q=q,
            scope=scope,
            tag=tag,
        )
    ).parsed
