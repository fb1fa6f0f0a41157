"""Forms drawn from a notification type's schema, so that a new type needs no new form.

The form only turns what a browser posts into the JSON the schema describes; the one
validation is the domain's (`validate_content`), whose per-field errors are put back on
the form fields they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.domain.notifications import FieldSpec, TypeSchema

ALL_MEMBERS = "members"
NAMED = "named"


def _coordinates(line: str) -> dict[str, str]:
    # A Chinese input method types the full-width comma the Chinese help text shows.
    lat, _sep, lon = line.replace("，", ",").partition(",")
    return {"lat": lat.strip(), "lon": lon.strip()}


class NotificationForm(forms.Form):
    """One form field per schema field; a forces field becomes one number per category."""

    def __init__(
        self,
        schema: TypeSchema,
        *args: Any,
        recipient_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schema = schema
        for spec in schema.fields:
            for name, field in self._fields_for(spec):
                self.fields[name] = field
        if recipient_choices is not None:
            self.fields["send_to"] = forms.ChoiceField(
                label=_("Send to"),
                choices=[(ALL_MEMBERS, _("All member states")), (NAMED, _("Named states only"))],
                initial=ALL_MEMBERS,
                widget=forms.RadioSelect,
            )
            self.fields["recipients"] = forms.MultipleChoiceField(
                label=_("Named states"),
                choices=recipient_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def _fields_for(self, spec: FieldSpec) -> list[tuple[str, forms.Field]]:
        # Labels come from the type's data; gettext finds them when a catalogue has them.
        label = gettext(spec.label)
        help_text = gettext(spec.help) if spec.help else ""
        common: dict[str, Any] = {"label": label, "required": False, "help_text": help_text}
        kind = spec.kind
        if kind == "longtext":
            return [(spec.name, forms.CharField(widget=forms.Textarea, **common))]
        if kind == "date":
            return [
                (spec.name, forms.CharField(widget=forms.DateInput({"type": "date"}), **common))
            ]
        if kind == "datetime":
            common["help_text"] = help_text or _("UTC")
            widget = forms.DateTimeInput({"type": "datetime-local"})
            return [(spec.name, forms.CharField(widget=widget, **common))]
        if kind == "choice":
            choices = [("", "—"), *((c, gettext(c.replace("_", " "))) for c in spec.choices)]
            return [(spec.name, forms.ChoiceField(choices=choices, **common))]
        if kind == "point":
            common["help_text"] = help_text or _("latitude, longitude")
            return [(spec.name, forms.CharField(**common))]
        if kind == "area":
            common["help_text"] = help_text or _("One point per line: latitude, longitude")
            return [(spec.name, forms.CharField(widget=forms.Textarea({"rows": 4}), **common))]
        if kind == "forces":
            return [
                (
                    f"{spec.name}__{category}",
                    forms.IntegerField(
                        label=f"{label}: {gettext(category.replace('_', ' '))}",
                        required=False,
                    ),
                )
                for category in spec.categories
            ]
        return [(spec.name, forms.CharField(**common))]

    def content(self) -> dict[str, Any]:
        """The submission as the schema's JSON. Precondition: `is_valid()` was called."""
        data = self.cleaned_data
        content: dict[str, Any] = {}
        for spec in self.schema.fields:
            if spec.kind == "forces":
                counts = {
                    c: data.get(f"{spec.name}__{c}")
                    for c in spec.categories
                    if data.get(f"{spec.name}__{c}") is not None
                }
                if counts:
                    content[spec.name] = counts
                continue
            value = (data.get(spec.name) or "").strip()
            if not value:
                continue
            if spec.kind == "point":
                content[spec.name] = _coordinates(value)
            elif spec.kind == "area":
                lines = [line for line in value.splitlines() if line.strip()]
                content[spec.name] = [_coordinates(line) for line in lines]
            elif spec.kind == "datetime" and len(value) <= 16:
                # A browser's datetime-local has no offset; the form says the times are UTC.
                content[spec.name] = value + ":00+00:00" if len(value) == 16 else value
            else:
                content[spec.name] = value
        return content

    def recipients(self) -> list[str] | None:
        if self.cleaned_data.get("send_to") == NAMED:
            return list(self.cleaned_data.get("recipients") or [])
        return None

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put the domain's errors ("area[1].lat", "forces.tanks") on the fields they name."""
        for path, problem in errors.items():
            top = path.split("[")[0].split(".")[0]
            target: str | None = top if top in self.fields else None
            if top in self.schema.names and self.schema.field_named(top).kind == "forces":
                category = path.partition(".")[2]
                target = f"{top}__{category}" if f"{top}__{category}" in self.fields else None
                if target is None:
                    target = next(n for n in self.fields if n.startswith(f"{top}__"))
            self.add_error(target, f"{path}: {problem}")


class ReplyForm(forms.Form):
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea)


class ConveneForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts (UTC)"), widget=forms.DateTimeInput({"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends (UTC)"), widget=forms.DateTimeInput({"type": "datetime-local"})
    )
    venue = forms.CharField(label=_("Venue"), max_length=200)


class HotlineForm(forms.Form):
    to = forms.ChoiceField(label=_("To"))
    body = forms.CharField(label=_("Message"), widget=forms.Textarea({"rows": 3}), max_length=5000)

    def __init__(self, *args: Any, states: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = states  # type: ignore[attr-defined]
