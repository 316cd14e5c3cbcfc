"""Workflow writes: create, change (a new saved version each time), delete, import, restore.

Only the owner (or staff) changes a workflow: another user's *shared* workflow
is readable, so changing it is a 403 (:class:`WorkflowForbidden`); a private
one is a 404. A document is stored as it was given (FlowGram's editor output
imports unchanged); whether it can run is reported beside it, not enforced on
save, so a draft with, say, a code node can be kept and fixed later.
"""

from __future__ import annotations

from django.db import transaction

from tomato_agent.errors import DomainError, InvalidRequest, NotFound
from workflows.documents import document_parse, import_body
from workflows.models import Workflow, WorkflowVersion
from workflows.selectors import workflow_get

MAX_NAME_CHARS = 200
MAX_DESCRIPTION_CHARS = 4000
IMPORTED_NAME = "Imported workflow"


class WorkflowForbidden(DomainError):
    code = "forbidden"
    status = 403
    message = "Only the owner of this workflow can change it."


def _clean_name(name) -> str:
    if not isinstance(name, str) or not " ".join(name.split()):
        raise InvalidRequest("name may not be blank.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME_CHARS:
        raise InvalidRequest(f"name is longer than {MAX_NAME_CHARS} characters.")
    return name


def _clean_description(description) -> str:
    if description is None:
        return ""
    if not isinstance(description, str):
        raise InvalidRequest("description must be a string.")
    description = description.strip()
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise InvalidRequest(f"description is longer than {MAX_DESCRIPTION_CHARS} characters.")
    return description


def _name_from(document: dict) -> str:
    """A name for an imported document: its start node's title if it has a telling one."""
    for node in document.get("nodes") or ():
        title = (node.get("data") or {}).get("title")
        if node.get("type") == "start" and isinstance(title, str) and title.strip().lower() not in ("", "start"):
            return _clean_name(title[:MAX_NAME_CHARS])
    return IMPORTED_NAME


@transaction.atomic
def workflow_create(*, user, name, schema, description: str = "", shared: bool = False) -> Workflow:
    document = document_parse(schema)
    workflow = Workflow.objects.create(
        owner=user,
        name=_clean_name(name),
        description=_clean_description(description),
        schema=document,
        version=1,
        shared=bool(shared),
    )
    _save_version(workflow, user)
    return workflow


def workflow_import(*, user, body, name: str | None = None, shared: bool = False) -> Workflow:
    """Store a FlowGram document (or this platform's export envelope) as a new workflow."""
    document, envelope_name, description = import_body(body)
    chosen = name or envelope_name or _name_from(document)
    return workflow_create(user=user, name=chosen, schema=document, description=description or "", shared=shared)


def _editable(*, user, workflow_id) -> Workflow:
    workflow = workflow_get(user=user, workflow_id=workflow_id)
    if workflow.owner_id != user.pk and not user.is_staff:
        raise WorkflowForbidden()
    return workflow


@transaction.atomic
def workflow_update(*, user, workflow_id, **changes) -> Workflow:
    """Change name, description, schema and/or shared; a changed document, name or
    description is saved as a new version (sharing alone is not a new version)."""
    unknown = set(changes) - {"name", "description", "schema", "shared"}
    if unknown:
        raise InvalidRequest(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    workflow = _editable(user=user, workflow_id=workflow_id)
    workflow = Workflow.objects.select_for_update().get(pk=workflow.pk)
    versioned = False
    if "name" in changes and (name := _clean_name(changes["name"])) != workflow.name:
        workflow.name, versioned = name, True
    if "description" in changes and (text := _clean_description(changes["description"])) != workflow.description:
        workflow.description, versioned = text, True
    if "schema" in changes and (document := document_parse(changes["schema"])) != workflow.schema:
        workflow.schema, versioned = document, True
    if "shared" in changes:
        if not isinstance(changes["shared"], bool):
            raise InvalidRequest("shared must be true or false.")
        workflow.shared = changes["shared"]
    if versioned:
        workflow.version += 1
    workflow.save()
    if versioned:
        _save_version(workflow, user)
    return workflow


def workflow_restore(*, user, workflow_id, version: int) -> Workflow:
    """Make an earlier version current again (saved as a new version: history only grows)."""
    workflow = _editable(user=user, workflow_id=workflow_id)
    try:
        old = workflow.versions.get(version=version)
    except WorkflowVersion.DoesNotExist:
        raise NotFound("Version not found.") from None
    return workflow_update(
        user=user, workflow_id=workflow.pk, name=old.name, description=old.description, schema=old.schema
    )


def workflow_delete(*, user, workflow_id) -> None:
    _editable(user=user, workflow_id=workflow_id).delete()


def _save_version(workflow: Workflow, user) -> None:
    WorkflowVersion.objects.create(
        workflow=workflow,
        version=workflow.version,
        name=workflow.name,
        description=workflow.description,
        schema=workflow.schema,
        created_by=user,
    )
