from django.urls import path

from agents import agent_api, api, sse

urlpatterns = [
    path("conversations", api.ConversationListApi.as_view(), name="conversations"),
    path("conversations/<str:conversation_id>", api.ConversationDetailApi.as_view(), name="conversation"),
    path("conversations/<str:conversation_id>/messages", api.MessageListApi.as_view(), name="messages"),
    path("conversations/<str:conversation_id>/export", api.ConversationExportApi.as_view(), name="conversation-export"),
    path("conversations/<str:conversation_id>/branch", api.BranchApi.as_view(), name="conversation-branch"),
    path("messages/<str:message_id>/feedback", api.FeedbackApi.as_view(), name="message-feedback"),
    path("chat", api.chat_sync, name="chat"),
    path("usage", api.UsageApi.as_view(), name="usage"),
    path("usage/summary", api.UsageSummaryApi.as_view(), name="usage-summary"),
    path("chat/stream", sse.chat_stream, name="chat-stream"),
    path("agents", agent_api.AgentListApi.as_view(), name="agents"),
    path("agents/<str:agent_id>", agent_api.AgentDetailApi.as_view(), name="agent"),
]
