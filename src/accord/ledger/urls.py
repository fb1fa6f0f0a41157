from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("ledger/", views.ledger_page, name="ledger"),
    path("ledger/checkpoint.txt", views.cosigned_checkpoint, name="checkpoint"),
]
