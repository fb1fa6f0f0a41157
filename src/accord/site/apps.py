from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "accord.site"
    label = "accord_site"
    verbose_name = "Accord"
