"""What the site itself keeps: the one-time tokens of the forms already sent."""

from __future__ import annotations

from django.db import models


class FormSubmission(models.Model):
    """A form's one-time token, claimed by the first request that carried it.

    `location` is where that request sent the browser (its redirect), so that the same form
    sent again (a double click, Back and submit) is taken there instead of acting twice."""

    token = models.CharField(max_length=64, primary_key=True)
    submitted_at = models.DateTimeField(db_index=True)
    location = models.CharField(max_length=2000, blank=True, default="")

    def __str__(self) -> str:
        return f"form {self.token[:8]}… sent at {self.submitted_at:%Y-%m-%d %H:%M}"
