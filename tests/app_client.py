"""Logging in to the real web app from tests, as a browser would: fetch the form's CSRF token,
post the password."""

from __future__ import annotations

import re
import warnings
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def csrf_of(page: Any) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.text)[1]


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/login"))
    return client.post("/login", data={"username": name, "password": password, "csrf": token},
                       follow_redirects=False)


def logged_in(app: Any, name: str) -> TestClient:
    """A new client (its own cookies) logged in as `name`."""
    client = TestClient(app)
    login(client, name)
    return client
