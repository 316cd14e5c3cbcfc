from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.validation_errors import ValidationErrors
from ...models.workflows_export_response_200 import WorkflowsExportResponse200
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workflow_id: int,
    *,
    envelope: bool | Unset = UNSET,
    version: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["envelope"] = envelope

    params["version"] = version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/workflows/{workflow_id}/export".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Error | ValidationErrors | WorkflowsExportResponse200 | None:
    if response.status_code == 200:
        response_200 = WorkflowsExportResponse200.from_dict(response.json())

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
) -> Response[Error | Error | ValidationErrors | WorkflowsExportResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workflow_id: int,
    *,
    client: AuthenticatedClient,
    envelope: bool | Unset = UNSET,
    version: int | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | WorkflowsExportResponse200]:
    """The FlowGram document as stored (it opens in FlowGram's editor); `envelope=true` wraps it as `{name,
    description, version, schema}`.

    Args:
        workflow_id (int):
        envelope (bool | Unset):
        version (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | WorkflowsExportResponse200]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        envelope=envelope,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: int,
    *,
    client: AuthenticatedClient,
    envelope: bool | Unset = UNSET,
    version: int | Unset = UNSET,
) -> Error | Error | ValidationErrors | WorkflowsExportResponse200 | None:
    """The FlowGram document as stored (it opens in FlowGram's editor); `envelope=true` wraps it as `{name,
    description, version, schema}`.

    Args:
        workflow_id (int):
        envelope (bool | Unset):
        version (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | WorkflowsExportResponse200
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        envelope=envelope,
        version=version,
    ).parsed


async def asyncio_detailed(
    workflow_id: int,
    *,
    client: AuthenticatedClient,
    envelope: bool | Unset = UNSET,
    version: int | Unset = UNSET,
) -> Response[Error | Error | ValidationErrors | WorkflowsExportResponse200]:
    """The FlowGram document as stored (it opens in FlowGram's editor); `envelope=true` wraps it as `{name,
    description, version, schema}`.

    Args:
        workflow_id (int):
        envelope (bool | Unset):
        version (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Error | ValidationErrors | WorkflowsExportResponse200]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        envelope=envelope,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: int,
    *,
    client: AuthenticatedClient,
    envelope: bool | Unset = UNSET,
    version: int | Unset = UNSET,
) -> Error | Error | ValidationErrors | WorkflowsExportResponse200 | None:
    """The FlowGram document as stored (it opens in FlowGram's editor); `envelope=true` wraps it as `{name,
    description, version, schema}`.

    Args:
        workflow_id (int):
        envelope (bool | Unset):
        version (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Error | ValidationErrors | WorkflowsExportResponse200
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            envelope=envelope,
            version=version,
        )
    ).parsed
