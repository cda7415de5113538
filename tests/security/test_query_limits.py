"""No query can take the server down: long or deeply nested queries get a clear error at once, a
statement running past the time limit is stopped, huge numbers and far dates give no 500."""

import time

import pytest
from security_world import client
from sqlalchemy import text
from typer.testing import CliRunner

from sarap.cli.main import app as cli
from sarap.core import timeouts
from sarap.text import query

FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.mark.parametrize("words", ["терроризм " * 520, "(" * 200 + "a" + ")" * 200, "NOT " * 40 + "a",
                                   " OR ".join(f"w{i}" for i in range(80))])
def test_long_or_nested_queries_are_refused_quickly_with_the_limit_named(world, words):
    web = client(world["app"])
    web.get("/library", params={"q": "("})  # the page's templates are compiled on first use
    started = time.monotonic()
    answer = web.get("/library", params={"q": words})
    assert time.monotonic() - started < 1.0
    assert answer.status_code == 400 and "MAX_QUERY_" in answer.text


def test_the_parser_names_the_limit_and_the_cli_reports_it(cli_env):
    with pytest.raises(query.QueryTooComplex, match="MAX_QUERY_CHARS"):
        query.parse("а" * 5000)
    result = CliRunner().invoke(cli, ["library", "search", "(" * 30 + "a" + ")" * 30])
    assert result.exit_code == 1 and "MAX_QUERY_DEPTH" in result.stderr and "Traceback" not in result.output


def test_a_statement_past_the_time_limit_is_stopped(db):
    started = time.monotonic()
    with pytest.raises(Exception) as caught, timeouts.limited(0.3), db.session() as s:
        s.execute(text(FOREVER)).scalar()
    assert timeouts.timed_out(caught.value) is not None
    assert time.monotonic() - started < 3
    with db.session() as s:  # without a deadline nothing is limited, and the connection still works
        assert s.execute(text("SELECT 1")).scalar() == 1


@pytest.mark.parametrize("url", ["/events?page=99999999999999999999", "/events?to=9999-12-31",
                                 "/api/v1/events?to=9999-12-31&from=0001-01-01",
                                 "/api/v1/events?offset=99999999999999999999", "/events/99999999999999999999",
                                 "/api/v1/events/99999999999999999999", "/analysis?to=9999-12-31",
                                 "/monitor?from=9999-12-31", "/registry/exercises?to=9999-12-31",
                                 "/review/report?to=9999-12-31", "/library?page=99999999999999999999"])
def test_huge_numbers_and_far_dates_give_no_500(world, url):
    assert client(world["app"]).get(url).status_code < 500
