from django.apps import AppConfig


class TomatoAgentConfig(AppConfig):
    name = "tomato_agent"
    verbose_name = "Tomato Agent platform"

    def ready(self) -> None:
        from tomato_agent import logging as ops_logging
        from tomato_agent import schema  # noqa: F401 - registers the OpenAPI auth extension

        ops_logging.connect_celery_signals()
