from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "tools"

    def ready(self) -> None:
        from tools.builtin import BUILTIN_TOOLS
        from tools.registry import registry

        for tool in BUILTIN_TOOLS:
            if tool.name not in {t.name for t in registry.tools_for_static()}:
                registry.register(tool)
