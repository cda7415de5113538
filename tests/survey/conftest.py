"""The example study and a small official one in the real database, served by the real app."""

import warnings

import pytest

from app_client import PASSWORD
from sarap.auth import users
from sarap.survey.example import load_example, load_study_file
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(db, fixtures):
    with db.session() as s:
        load_example(s, author="t")
        load_study_file(s, fixtures / "survey" / "small-study.yaml", author="t")  # official, agency atc
        users.create_user(s, "atc_editor", "atc", "editor", actor="t", password=PASSWORD)
        users.create_user(s, "mvd_viewer", "mvd", "viewer", actor="t", password=PASSWORD)
    return TestClient(create_app(db, secret="test-secret"))
