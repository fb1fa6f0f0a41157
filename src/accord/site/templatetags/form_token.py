"""`{% csrf_token %}` writes the CSRF token and a one-time form token (`site.form_tokens`).

Registered as a template builtin after Django's own, so every POST form of every app —
which must carry `{% csrf_token %}` anyway — also carries its one-time token."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accord.site.form_tokens import FIELD, new_token

register = template.Library()


class FormTokensNode(template.Node):
    def render(self, context: Any) -> SafeString:
        csrf = CsrfTokenNode().render(context)
        return format_html('{}<input type="hidden" name="{}" value="{}">', csrf, FIELD, new_token())


@register.tag(name="csrf_token")
def csrf_token(parser: Any, token: Any) -> FormTokensNode:
    return FormTokensNode()
