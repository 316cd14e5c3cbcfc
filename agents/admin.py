"""Read-only staff views over chat history in MongoDB: conversations, their transcripts, run reports, feedback;
and agents people build (changed through ``agents.agent_services``, every save a version).

Rendered with no inline style or script (the strict CSP): ``static/css/admin-transcript.css``.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from agents import history
from agents.models import Agent, AgentVersion, ChatHistory
from agents.transcript import markdown_html, transcript_entry
from runs import reports
from tomato_agent.errors import DomainError, NotFound

PAGE = 50


@admin.register(ChatHistory)
class ChatHistoryAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def get_urls(self):
        return [
            path("", self.admin_site.admin_view(self.changelist_view), name="agents_chathistory_changelist"),
            path("feedback/", self.admin_site.admin_view(self.feedback_view), name="agents_chathistory_feedback"),
            path("runs/<str:run_id>/", self.admin_site.admin_view(self.run_view), name="agents_chathistory_run"),
            path(
                "<str:conversation_id>/",
                self.admin_site.admin_view(self.conversation_view),
                name="agents_chathistory_conversation",
            ),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        owner_id = None
        username = request.GET.get("user", "").strip()
        if username:
            user = get_user_model().objects.filter_by_username(username).first()
            owner_id = user.id if user else -1
        page = _page(request)
        docs = history.conversations_for_staff(user_id=owner_id, page=page, limit=PAGE + 1)
        users = dict(get_user_model().objects.filter(id__in={d["user_id"] for d in docs}).values_list("id", "username"))
        rows = [{**d, "id": d["_id"], "username": users.get(d["user_id"], d["user_id"])} for d in docs[:PAGE]]
        context = self._context(request, title="Conversations (MongoDB, read-only)", rows=rows, username=username,
                                page=page, has_next=len(docs) > PAGE)  # fmt: skip
        return TemplateResponse(request, "admin/agents/conversations.html", context)

    def conversation_view(self, request, conversation_id: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            conversation = history.conversation_for_staff(conversation_id=conversation_id)
        except NotFound:
            raise Http404("No such conversation") from None
        owner = get_user_model().objects.filter(id=conversation["user_id"]).first()
        # "transcript", not "messages": that name is Django's messages framework's in every admin page.
        transcript = [transcript_entry(m) for m in history.messages_for_staff(conversation_id=conversation_id)]
        run_docs = reports.reports_for_staff(conversation_id=conversation_id)
        context = self._context(
            request,
            title=conversation.get("title") or conversation_id,
            conversation=conversation,
            conversation_id=conversation_id,
            owner=owner,
            transcript=transcript,
            runs=[{**r, "id": r["_id"]} for r in run_docs],
        )
        return TemplateResponse(request, "admin/agents/conversation.html", context)

    def run_view(self, request, run_id: str):
        """One run report, linked back to its conversation."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            run = reports.report_for_staff(run_id=run_id)
        except NotFound:
            raise Http404("No such run") from None
        owner = get_user_model().objects.filter(id=run.get("user_id")).first()
        context = self._context(
            request,
            title=f"Run {run_id}",
            run={**run, "id": run_id},
            owner=owner,
            steps=run_step_tree(run.get("steps") or []),
            usage=run.get("usage") or {},
        )
        return TemplateResponse(request, "admin/agents/run.html", context)

    def feedback_view(self, request):
        """The answers people rated (thumbs up or down, with their comments), newest first; ?rating= filters."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rating = request.GET.get("rating") if request.GET.get("rating") in history.FEEDBACK_RATINGS else None
        page = _page(request)
        docs = history.feedback_for_staff(rating=rating, page=page, limit=PAGE + 1)
        users = dict(get_user_model().objects.filter(id__in={d["user_id"] for d in docs}).values_list("id", "username"))
        rows = [
            {
                **d,
                "id": d["_id"],
                "username": users.get(d["user_id"], d["user_id"]),
                "html": markdown_html(d.get("content", "")),
            }
            for d in docs[:PAGE]
        ]
        context = self._context(
            request, title="Feedback on answers", rows=rows, rating=rating or "", page=page, has_next=len(docs) > PAGE
        )
        return TemplateResponse(request, "admin/agents/feedback.html", context)


def run_step_tree(steps: list[dict], depth: int = 0) -> list[dict]:
    """A run's steps as table rows, a sub-agent's own steps right under it, indented by their depth."""
    rows = []
    for step in steps:
        rows.append({**step, "indent": "↳ " * depth, "retry_count": len(step.get("retries") or ())})
        if step.get("kind") == "agent":
            rows += run_step_tree(step.get("steps") or [], depth + 1)
    return rows


def _page(request) -> int:
    try:
        return max(0, min(int(request.GET.get("page", 0)), 10_000))
    except ValueError:
        return 0


class AgentVersionInline(admin.TabularInline):
    model = AgentVersion
    extra = 0
    can_delete = False
    fields = ("version", "created_by", "created_at", "config")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    """Agents people build. Saving here goes through ``agents.agent_services`` (checks and a new version)."""

    list_display = ("__str__", "id", "owner", "visibility", "model", "version", "updated_at")
    list_filter = ("visibility",)
    search_fields = ("id", "name", "description", "owner__username")
    readonly_fields = ("id", "version", "created_at", "updated_at")
    raw_id_fields = ("owner",)
    inlines = [AgentVersionInline]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = AgentAdminForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        from agents import agent_services

        fields = _changed_fields(form)
        try:
            if change:
                original = Agent.objects.get(pk=obj.pk)
                if "owner" in form.changed_data:
                    Agent.objects.filter(pk=obj.pk).update(owner=obj.owner)
                    original.owner = obj.owner
                saved = agent_services.agent_update(user=_acting(request, original), agent=original, fields=fields)
            else:
                fields.setdefault("name", obj.name)
                saved = agent_services.agent_create(
                    user=obj.owner or request.user, fields=fields, global_agent=obj.owner is None
                )
        except DomainError as exc:
            raise ValidationError(exc.message) from None
        obj.pk, obj.version = saved.pk, saved.version


def _changed_fields(form) -> dict:
    fields = {name: form.cleaned_data[name] for name in form.changed_data if name in Agent.CONFIG_FIELDS}
    if "sub_agents" in fields:
        fields["agents"] = fields.pop("sub_agents")
    return fields


class AgentAdminForm(forms.ModelForm):
    """Shows the service's checks (tools, model, sub-agents: cycles and depth) as form errors."""

    class Meta:
        model = Agent
        fields = ("owner", *Agent.CONFIG_FIELDS)

    def clean(self):
        from agents import agent_services

        cleaned = super().clean()
        agent = self.instance if self.instance.pk and not self.instance._state.adding else Agent(name="")
        try:
            agent_services.agent_check(agent=agent, owner=cleaned.get("owner"), fields=_changed_fields(self))
        except DomainError as exc:
            raise ValidationError(exc.message) from None
        return cleaned


def _acting(request, agent: Agent):
    """Staff change any agent in the admin: as its owner (so the owner's tools are what count)."""
    return agent.owner or request.user
