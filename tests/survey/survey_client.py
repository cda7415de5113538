"""Logging in to the real app in the survey tests."""

import re

PASSWORD = "correct horse battery"
SLUG = "dissertation-2025-interviews"


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page.text)[1]


def login(client, name):
    token = csrf_of(client.get("/login"))
    client.post("/login", data={"username": name, "password": PASSWORD, "csrf": token},
                follow_redirects=False)
