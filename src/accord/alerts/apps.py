from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "accord.alerts"
    label = "alerts"
    verbose_name = "Alerts"

    def ready(self) -> None:
        # The one hook into the ledger: every recorded write is offered to the alert rules
        # inside the same transaction, so an outbox row exists exactly when its cause does.
        from accord.alerts.causes import on_record
        from accord.ledger.services import add_record_hook

        add_record_hook(on_record)
