"""The dialogue API's router."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["dialogue"])
