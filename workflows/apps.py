from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Workflows"

    def ready(self) -> None:
        from runs import kinds
        from workflows.execution import workflow_kind

        kinds.register(workflow_kind)
