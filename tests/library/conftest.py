"""The library loaded as `sarap library seed` loads it, with the event bank's dissertation dataset,
so that catalogue entries link to their adoption events."""

from __future__ import annotations

import pytest

from sarap.events import seed as events_seed
from sarap.library import seed


@pytest.fixture
def library(db):
    events_seed.load(db, "dissertation-2025")
    with db.session() as session:
        report = seed.load(session, author="tester")
    return db, report
