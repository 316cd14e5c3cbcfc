"""Workflow reads. Everyone sees their own workflows and the shared ones; by id, staff see any.

Another user's private workflow is :class:`WorkflowNotFound` everywhere (its
existence is never confirmed). Runs are always the caller's own: a shared
workflow's runs by other people stay theirs.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tomato_agent.errors import NotFound
from workflows.models import Workflow, WorkflowVersion


class WorkflowNotFound(NotFound):
    message = "Workflow not found."


def workflows_visible(*, user) -> QuerySet[Workflow]:
    return Workflow.objects.filter(Q(owner_id=user.pk) | Q(shared=True))


def workflow_list(*, user, q: str = "") -> QuerySet[Workflow]:
    """Own and shared workflows, most recently changed first; ``q`` filters name and description."""
    workflows = workflows_visible(user=user).select_related("owner").defer("schema")
    q = q.strip()
    if q:
        workflows = workflows.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return workflows.order_by("-updated_at", "-id")


def workflow_get(*, user, workflow_id) -> Workflow:
    """A workflow the user may read and run, or WorkflowNotFound."""
    workflows = Workflow.objects.select_related("owner")
    if not user.is_staff:
        workflows = workflows.filter(Q(owner_id=user.pk) | Q(shared=True))
    try:
        return workflows.get(pk=int(workflow_id))
    except (Workflow.DoesNotExist, ValueError, TypeError):
        raise WorkflowNotFound() from None


def workflow_versions(*, user, workflow_id) -> QuerySet[WorkflowVersion]:
    workflow = workflow_get(user=user, workflow_id=workflow_id)
    return workflow.versions.select_related("created_by").defer("schema").order_by("-version")


def workflow_version_get(*, user, workflow_id, version: int) -> WorkflowVersion:
    workflow = workflow_get(user=user, workflow_id=workflow_id)
    try:
        return workflow.versions.select_related("created_by").get(version=version)
    except WorkflowVersion.DoesNotExist:
        raise NotFound("Version not found.") from None


def workflow_runs(*, user, workflow_id, limit: int = 20) -> list[dict]:
    """The caller's own runs of a workflow, newest first (summaries from the run reports)."""
    workflow = workflow_get(user=user, workflow_id=workflow_id)
    from runs import reports

    return reports.reports_list(user_id=user.id, limit=limit, kind="workflow", workflow_id=workflow.id)


def workflow_run_current(*, user, run_id) -> dict:
    """The caller's workflow run as stored, its status brought up to date (a run whose worker died is
    ended here); NotFound for another user's run, an unknown id or a run of another kind."""
    from runs import events, reports
    from runs.liveness import run_status

    if not isinstance(run_id, str) or not run_id:
        raise NotFound("Run not found.")
    run = reports.report_get(user_id=user.id, run_id=run_id)
    if run.get("kind") != "workflow":
        raise NotFound("Run not found.")
    status = run_status(run)
    if status != run["status"] and status in events.FINISHED:
        return reports.report_get(user_id=user.id, run_id=run_id)  # just closed as worker_lost: the final report
    run["status"] = status
    return run


def workflow_run_get(*, user, workflow, run_id: str) -> dict:
    """The caller's run of ``workflow`` with its node reports: stored once it ended, folded from its events
    while it runs. NotFound for another user's run or another workflow's."""
    from runs import events
    from tomato_agent.redis_client import get_redis
    from workflows.reporting import live_nodes

    run = workflow_run_current(user=user, run_id=run_id)
    if run.get("workflow_id") != workflow.pk:
        raise NotFound("Run not found.")
    if run["status"] not in events.FINISHED:
        run["nodes"] = live_nodes(get_redis(), run_id)
    return run
