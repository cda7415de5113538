from __future__ import annotations

import pytest

from sarap.registry import decree


@pytest.fixture
def loaded(db):
    """A migrated database with the decree's bodies and measure kinds loaded."""
    with db.session() as session:
        decree.load(session, author="tester")
    return db
