from django.apps import AppConfig


class RagConfig(AppConfig):
    name = "rag"
    verbose_name = "RAG code snippets"

    def ready(self) -> None:
        from rag.tools import RAG_TOOLS
        from tools.registry import registry

        registered = {tool.name for tool in registry.tools_for_static()}
        for tool in RAG_TOOLS:
            if tool.name not in registered:
                registry.register(tool)
