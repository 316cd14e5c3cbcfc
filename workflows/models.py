"""Stored workflows: a FlowGram document (nodes and edges), its owner and every saved version.

``Workflow.schema`` is the current version's document; each save that changes
the document, the name or the description appends a :class:`WorkflowVersion`
(the version numbers count up from 1 and are never reused), so a run can say
which version it ran and an older version can be read back or restored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Workflow(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workflows")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    schema = models.JSONField(help_text="The FlowGram document: {nodes, edges}, as FlowGram's editor exports it.")
    version = models.PositiveIntegerField(default=1, help_text="The number of the current saved version.")
    shared = models.BooleanField(default=False, help_text="Every user may read and run it; only the owner changes it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="workflows_owner_updated"),
            models.Index(fields=["shared", "-updated_at"], name="workflows_shared_updated"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkflowVersion(models.Model):
    """One saved version of a workflow (the document as it was then)."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    schema = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["workflow", "version"], name="workflows_version_unique")]

    def __str__(self) -> str:
        return f"{self.workflow_id} v{self.version}"
