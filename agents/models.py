from django.conf import settings
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


def new_agent_id() -> str:
    """An agent's id: unguessable, since an agent shared by link is reached by its id alone."""
    import secrets

    return "ag_" + secrets.token_hex(8)


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private (only the owner)"
    LINK = "link", "Anyone with the link (its id)"
    PUBLIC = "public", "Every user"


class Agent(models.Model):
    """An agent people build: its own instructions, model, tools, knowledge and sub-agents.

    ``owner`` is null for a global agent (made by staff). Every save through
    ``agents.agent_services`` bumps ``version`` and stores an
    :class:`AgentVersion`; runs record the id and version they used.
    """

    id = models.CharField(primary_key=True, max_length=32, default=new_agent_id, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agents",
        help_text="Empty: a global agent (staff).",
    )
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE)
    name = models.CharField(max_length=100)
    emoji = models.CharField(max_length=16, blank=True, default="")
    description = models.CharField(
        max_length=500,
        blank=True,
        default="",
        help_text="Told to people, and to a lead agent that may call this one as a tool.",
    )
    starters = models.JSONField(default=list, blank=True, help_text="Conversation starters (strings).")
    instructions = models.TextField(blank=True, default="", help_text="Its system prompt.")
    provider = models.CharField(max_length=50, blank=True, default="", help_text="Provider slug; empty: the default.")
    model = models.CharField(max_length=200, blank=True, default="", help_text="Empty: the provider's default model.")
    temperature = models.FloatField(null=True, blank=True)
    tools = models.JSONField(default=list, blank=True, help_text="Registry tool names.")
    knowledge = models.JSONField(default=list, blank=True, help_text="Snippet tags that scope code_search.")
    tool_mode = models.CharField(
        max_length=16, blank=True, default="", help_text="native | prompt; empty: the model's own."
    )
    max_iterations = models.PositiveSmallIntegerField(null=True, blank=True)
    sub_agents = models.JSONField(default=list, blank=True, help_text="Ids of agents it may call as tools.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["owner", "name"], name="agents_owner_name"),
            models.Index(fields=["visibility"], name="agents_visibility"),
        ]

    def __str__(self) -> str:
        return f"{self.emoji} {self.name}".strip()

    CONFIG_FIELDS = (
        "name",
        "emoji",
        "description",
        "starters",
        "instructions",
        "provider",
        "model",
        "temperature",
        "tools",
        "knowledge",
        "tool_mode",
        "max_iterations",
        "sub_agents",
        "visibility",
    )

    def config(self) -> dict:
        return {name: getattr(self, name) for name in self.CONFIG_FIELDS}


class AgentVersion(models.Model):
    """One saved version of an agent: its whole configuration as it was then."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    config = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["agent", "version"], name="agents_version_unique")]

    def __str__(self) -> str:
        return f"{self.agent_id} v{self.version}"
