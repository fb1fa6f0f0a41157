from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "accord.registry"
    label = "registry"
    verbose_name = "Document registry"
