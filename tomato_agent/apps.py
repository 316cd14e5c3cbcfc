from django.apps import AppConfig


class TomatoAgentConfig(AppConfig):
    name = "tomato_agent"
    verbose_name = "Tomato Agent platform"
