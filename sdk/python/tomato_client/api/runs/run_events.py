from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.run_events_format import RunEventsFormat
from ...models.validation_errors import ValidationErrors
from ...types import UNSET, Response, Unset


def _get_kwargs(
    run_id: str,
    *,
    after: str | Unset = UNSET,
    format_: RunEventsFormat | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    params["after"] = after

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/runs/{run_id}/events".format(
            run_id=quote(str(run_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Error | ValidationErrors | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[Error | Error | ValidationErrors | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    format_: RunEventsFormat | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | str]:
    """Replay a run's events, then follow it live

    Args:
        run_id (str):
        after (str | Unset):
        format_ (RunEventsFormat | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | str]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        after=after,
        format_=format_,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    format_: RunEventsFormat | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Error | Error | ValidationErrors | str | None:
    """Replay a run's events, then follow it live

    Args:
        run_id (str):
        after (str | Unset):
        format_ (RunEventsFormat | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | str
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
        after=after,
        format_=format_,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    format_: RunEventsFormat | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | str]:
    """Replay a run's events, then follow it live

    Args:
        run_id (str):
        after (str | Unset):
        format_ (RunEventsFormat | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | str]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        after=after,
        format_=format_,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    format_: RunEventsFormat | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Error | Error | ValidationErrors | str | None:
    """Replay a run's events, then follow it live

    Args:
        run_id (str):
        after (str | Unset):
        format_ (RunEventsFormat | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | str
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
            after=after,
            format_=format_,
            last_event_id=last_event_id,
        )
    ).parsed
