from django.apps import AppConfig


class RagConfig(AppConfig):
    name = "rag"
    verbose_name = "RAG code snippets"

    def ready(self) -> None:
        from rag.tools import RAG_TOOLS
        from tools.registry import registry

        for tool in RAG_TOOLS:
            registry.register(tool)
