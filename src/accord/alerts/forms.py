"""The forms of the alerts page: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.alerts.models import Channel


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Channel.Kind.choices)
    address = forms.CharField(
        label=_("Address"),
        max_length=320,
        help_text=_("An e-mail address, or the https:// URL of your systems' webhook."),
    )
    clearance = forms.ChoiceField(
        label=_("Cleared for"),
        choices=[("summary", _("a summary of confined objects")), ("full", _("the full text"))],
        help_text=_("Only the head of delegation clears a channel for the full text."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="UTC")
    for_state = forms.BooleanField(label=_("The state's own channel"), required=False)
