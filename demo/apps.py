from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for a newcomer's first run (`make run`): it uses every app, and no app uses it."""

    name = "demo"
    verbose_name = "Demo data"
