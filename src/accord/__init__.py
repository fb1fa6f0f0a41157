"""Accord: a platform for a regional security dialogue."""
