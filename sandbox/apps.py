from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "sandbox"
    verbose_name = "Code sandbox"

    def ready(self) -> None:
        from sandbox.tools import RUN_PYTHON
        from tools.registry import registry

        registry.register(RUN_PYTHON)
