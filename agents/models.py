from django.db import models


class ChatHistory(models.Model):
    """No table: the admin entry for chat history, which lives in MongoDB (agents/admin.py)."""

    class Meta:
        managed = False
        verbose_name = "conversation (MongoDB)"
        verbose_name_plural = "conversations (MongoDB, read-only)"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return "chat history"
