"""Helpers shared by the analysis tests: events made through the real validation and store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sarap.core.db import Database
from sarap.events import records, store


def _record(start: str, action_type: str = "physical", side: str = "perpetrators",
            region: str | None = "ALA", country: str | None = None, **extra: Any) -> dict[str, Any]:
    category = "armed_assault" if action_type == "physical" else "legislation"
    if side == "counter_terrorism" and action_type == "physical":
        category = "arrest"
    place = {"region": region} if region else {"country": country or "KAZ"}
    record, problems = records.validate({
        "date": {"start": start}, "places": [place], "category": category,
        "action_type": action_type, "side": side, "summary": f"event of {start}", **extra})
    assert record is not None and not problems, problems
    return record


@pytest.fixture
def add_events(db: Database) -> Callable[..., None]:
    """add_events([(start, kwargs), …]) stores events in dataset "t"."""

    def add(specs: list[tuple[str, dict[str, Any]]]) -> None:
        with db.session() as session:
            dataset = store.dataset_named(session, "t", create=True)
            for start, kwargs in specs:
                store.create(session, _record(start, **kwargs), author="t", dataset=dataset)

    return add
