"""Workflows in the admin: every user's workflows, their saved versions (read-only), sharing."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from tomato_agent.errors import DomainError
from workflows import services
from workflows.models import Workflow, WorkflowVersion


class WorkflowVersionInline(admin.TabularInline):
    model = WorkflowVersion
    fields = ("version", "name", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ("-version",)

    def has_add_permission(self, request, obj=None):
        return False


class WorkflowForm(forms.ModelForm):
    class Meta:
        model = Workflow
        fields = ("owner", "name", "description", "schema", "shared")

    def clean_schema(self):
        from workflows.documents import document_parse

        try:
            return document_parse(self.cleaned_data["schema"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    form = WorkflowForm
    list_display = ("name", "owner", "version", "shared", "updated_at")
    list_filter = ("shared", ("owner", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "description", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [WorkflowVersionInline]

    def save_model(self, request, obj, form, change):
        """Saves go through the services, so every change of the document is a new version."""
        if not change:
            created = services.workflow_create(
                user=obj.owner, name=obj.name, description=obj.description, schema=obj.schema, shared=obj.shared
            )
            obj.pk, obj.version = created.pk, created.version
            return
        changes = {name: form.cleaned_data[name] for name in ("name", "description", "schema", "shared")}
        updated = services.workflow_update(user=request.user, workflow_id=obj.pk, **changes)
        if form.cleaned_data["owner"] != updated.owner:
            Workflow.objects.filter(pk=obj.pk).update(owner=form.cleaned_data["owner"])
        obj.version = updated.version
