from django.apps import AppConfig


class MediatorConfig(AppConfig):
    name = "accord.mediator"
    label = "mediator"
    verbose_name = "Mediator"
