from django.apps import AppConfig


class AgentsConfig(AppConfig):
    name = "agents"

    def ready(self) -> None:
        from agents.execution import chat_kind
        from runs import kinds

        kinds.register(chat_kind)
