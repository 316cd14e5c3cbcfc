from django.apps import AppConfig

_sources_added = False


class ToolsConfig(AppConfig):
    name = "tools"

    def ready(self) -> None:
        global _sources_added
        from tools.builtin import BUILTIN_TOOLS
        from tools.http.source import http_tools_source
        from tools.registry import registry
        from tools.web_search import web_search_source

        for tool in BUILTIN_TOOLS:
            if tool.name not in {t.name for t in registry.tools_for_static()}:
                registry.register(tool)
        # Dynamic tools: web_search only when configured; admin-defined HTTP tools from the DB.
        if not _sources_added:
            registry.add_source(web_search_source)
            registry.add_source(http_tools_source)
            _sources_added = True
