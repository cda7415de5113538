"""The example study's name, for the survey tests (logging in is tests/app_client.py)."""

SLUG = "dissertation-2025-interviews"
