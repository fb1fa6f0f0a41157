from django.apps import AppConfig


class NegotiationConfig(AppConfig):
    name = "accord.negotiation"
    label = "negotiation"
    verbose_name = "Negotiation"
