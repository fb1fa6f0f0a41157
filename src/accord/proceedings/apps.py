from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "accord.proceedings"
    label = "proceedings"
    verbose_name = "Rules of procedure"
