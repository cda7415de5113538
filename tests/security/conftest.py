"""Two agencies' users, an API token each, one shipped dataset, and records of each access level."""

from __future__ import annotations

import functools
import shutil

import pytest
from argon2 import PasswordHasher
from security_world import PASSWORD, new_event

from sarap.auth import users
from sarap.auth.models import User
from sarap.core.db import Database
from sarap.events import seed, store
from sarap.monitor import store as monitor
from sarap.web.app import create_app


@functools.cache
def _hash():
    return PasswordHasher().hash(PASSWORD)


def _build(db):
    ids, tokens = {}, {}
    assert not seed.load(db, "dissertation-2025").failed
    with db.session() as s:
        for name, agency, role in (("atc_editor", "atc", "editor"), ("atc_admin", "atc", "admin"),
                                   ("atc_viewer", "atc", "viewer"), ("b_editor", "agencyb", "editor"),
                                   ("b_admin", "agencyb", "admin")):
            # one password hash for all (hashing is slow on purpose); the rows are real users
            user = User(username=name, agency=users.agency(s, agency, create=True), role=role,
                        password_hash=_hash(), must_change_password=False)
            s.add(user)
            s.flush()
            tokens[name] = users.create_token(s, user, "t", actor="setup")
        mine = store.dataset_named(s, "atc-own", create=True, agency="atc")
        for level in ("public", "official", "restricted"):
            ids[f"atc_{level}"] = new_event(s, f"atc-{level}", "atc", level, mine).id
            for spare in ("delete", "transfer"):  # for the access matrix's destructive calls
                ids[f"{spare}_{level}"] = new_event(s, f"atc-{level}-{spare}", "atc", level, mine).id
        ids["shipped"] = store.find(s, store.EventFilter(dataset="dissertation-2025"))[0].id
        for level in ("public", "official", "restricted"):
            topic = monitor.add_topic(s, name=f"atc-{level}", query="терроризм", agency="atc",
                                      access_level=level, actor="setup")
            ids[f"topic_{level}"] = topic.id
    return ids, tokens


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    """On SQLite the world is built once (password hashing and the seed are slow) and copied."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    built = _build(db)
    db.dispose()
    return path, built


@pytest.fixture
def world(db_url, request):
    """Agency atc (editor, admin, viewer), agency agencyb (editor, admin), an API token each, the
    shipped dissertation-2025 dataset and atc's records of each access level."""
    if db_url.startswith("sqlite"):
        path, (ids, tokens) = request.getfixturevalue("_template")
        shutil.copyfile(path, db_url.split("///", 1)[1])
        db = Database(db_url)
    else:
        db = request.getfixturevalue("db")
        ids, tokens = _build(db)
    yield {"db": db, "app": create_app(db, secret="test"), "ids": ids, "tokens": tokens}
    db.dispose()
