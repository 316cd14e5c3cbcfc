"""Read-only staff views over chat history in MongoDB: conversations, messages, run reports."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from agents import history
from agents.models import ChatHistory
from runs import reports
from tomato_agent.errors import NotFound

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
        try:
            page = max(0, min(int(request.GET.get("page", 0)), 10_000))
        except ValueError:
            page = 0
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
        messages = history.messages_for_staff(conversation_id=conversation_id)
        run_docs = reports.reports_for_staff(conversation_id=conversation_id)
        context = self._context(
            request, title=conversation.get("title") or conversation_id, conversation=conversation,
            messages=messages, runs=[{**r, "id": r["_id"]} for r in run_docs],
        )  # fmt: skip
        return TemplateResponse(request, "admin/agents/conversation.html", context)
