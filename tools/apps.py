from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "tools"

    def ready(self) -> None:
        from tools.builtin import BUILTIN_TOOLS
        from tools.http.source import http_tools_source
        from tools.registry import registry
        from tools.web_search import web_search_source

        for tool in BUILTIN_TOOLS:
            registry.register(tool)
        # Dynamic tools: web_search only when configured; admin-defined HTTP tools from the DB.
        registry.add_source(web_search_source)
        registry.add_source(http_tools_source)
