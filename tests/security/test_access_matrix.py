"""The access-control matrix, generated from the app's route table: every route has a rule here (a
new route without one fails), and every route is called by a visitor, a viewer, an editor and an
admin of the owning agency and an editor of another agency, for records of each access level,
with the answers the rule allows. The CLI's read commands follow the same rules."""

from __future__ import annotations

import json
import re

import pytest
from security_world import PASSWORD, client
from typer.testing import CliRunner

from app_client import csrf_of, login
from sarap.cli.main import app as cli

# Who may call the route. public: everyone; login: any logged-in user; editor / reviewer / admin:
# that role (admins may do all); event / topic: reading one record, by its access level; the same
# with ":write": changing it, editors of the owning agency only.
RULES: dict[str, str] = {
    "GET /api/v1/openapi.json": "public",
    "GET /api/v1/codebook": "public",
    "GET /api/v1/regions": "public",
    "GET /api/v1/events": "public",
    "GET /api/v1/datasets": "public",
    "GET /api/v1/datasets/{name}/stats": "public",
    "GET /api/v1/events/{event_id}": "event",
    "GET /api/v1/events/{event_id}/history": "event",
    "POST /api/v1/events": "editor",
    "PUT /api/v1/events/{event_id}": "event:write",
    "DELETE /api/v1/events/{event_id}": "event:write",
    "POST /api/v1/events/{event_id}/transfer": "event:admin",
    "GET /api/v1/monitor/topics": "public",
    "GET /api/v1/monitor/topics/{name}/series": "topic",
    "GET /api/v1/monitor/topics/{name}/index": "topic",
    "GET /api/v1/survey/studies": "public",
    "GET /api/v1/survey/studies/{slug}": "public",
    "GET /api/v1/survey/studies/{slug}/frequencies": "public",
    "GET /api/v1/survey/studies/{slug}/agreement": "public",
    "GET /api/v1/registry/bodies": "public",
    "GET /api/v1/registry/measures": "public",
    "GET /api/v1/registry/exercises": "public",
    "POST /api/v1/registry/exercises": "editor",
    "GET /login": "public",
    "POST /login": "public",
    "POST /logout": "public",
    "GET /account/password": "login",
    "POST /account/password": "login",
    "GET /events/{event_id}/edit": "event:write",
    "POST /events/{event_id}/edit": "event:write",
    "GET /events/new": "editor",
    "POST /events/new": "editor",
    "GET /import": "editor",
    "POST /import": "editor",
    "POST /import/confirm": "editor",
    "GET /admin/users": "admin",
    "POST /admin/users": "admin",
    "POST /events/{event_id}/share": "event:write",
    "GET /analysis": "public",
    "GET /analysis/charts/{name}.{fmt}": "public",
    "GET /registry": "public",
    "GET /registry/measures": "public",
    "GET /registry/exercises": "public",
    "GET /registry/exercises/new": "editor",
    "POST /registry/exercises/new": "editor",
    "GET /registry/plans": "public",
    "GET /registry/report.{fmt}": "public",
    "POST /registry/plans": "editor",
    "POST /registry/plans/{plan_id}/status": "editor",
    "GET /survey": "public",
    "GET /survey/{slug}": "public",
    "GET /survey/{slug}/answers/{answer_id}/code": "editor",
    "POST /survey/{slug}/answers/{answer_id}/code": "editor",
    "GET /monitor": "public",
    "POST /monitor/topics": "editor",
    "GET /monitor/topics/{topic_id}": "topic",
    "GET /monitor/topics/{topic_id}/series.csv": "topic",
    "GET /monitor/topics/{topic_id}/items.csv": "topic",
    "POST /monitor/topics/{topic_id}/alerts/run": "topic:write",
    "POST /monitor/alerts/{alert_id}/ack": "editor",
    "GET /review": "reviewer",
    "POST /review/items": "reviewer",
    "GET /review/items/{item_id}": "reviewer",
    "POST /review/items/{item_id}/decide": "reviewer",
    "POST /review/items/{item_id}/confirm": "reviewer",
    "GET /review/report": "public",
    "GET /review/report.csv": "public",  # counts only, a transparency report
    "GET /library": "public",
    "GET /library/{slug}": "public",
    "GET /library/{slug}/concepts": "public",
    "GET /library/{slug}/concepts.{fmt}": "public",
    "GET /library/{slug}/kwic.csv": "public",
    "GET /": "public",
    "GET /events": "public",
    "GET /events/export.{fmt}": "public",
    "GET /events/{event_id}": "event",
    "GET /api/v1/jobs/{job_id}": "login",
    "GET /jobs/{job_id}": "login",
    "GET /api/v1/monitor/query-check": "public",
    "GET /monitor/sources/new": "editor",
    "GET /monitor/sources/{source_id}": "public",
    "POST /monitor/sources": "editor",
    "POST /monitor/sources/{source_id}": "editor",
    "POST /monitor/sources/{source_id}/ingest": "editor",
    "POST /monitor/demo/remove": "admin",
    "GET /monitor/topics/{topic_id}/items": "topic",
    "GET /report/situation": "public",
    "GET /report/situation.{fmt}": "public",
}
USERS = (None, "atc_viewer", "atc_editor", "atc_admin", "b_editor")
LEVELS = ("public", "official", "restricted")
ROLE = {None: "", "atc_viewer": "viewer", "atc_editor": "editor", "atc_admin": "admin", "b_editor": "editor"}
FILLERS = {"name": "dissertation-2025", "fmt": "csv", "slug": "no-such", "plan_id": "1", "alert_id": "1",
           "item_id": "1", "answer_id": "1", "job_id": "1", "source_id": "1"}


def routes(app):
    for route in app.routes:
        for inner in getattr(getattr(route, "original_router", None), "routes", None) or [route]:
            for method in sorted((getattr(inner, "methods", None) or set()) - {"HEAD"}):
                yield f"{method} {inner.path}"


def test_every_route_has_a_rule(world):
    found = set(routes(world["app"]))
    assert found - set(RULES) == set(), "routes without an access rule: add them to RULES"
    assert set(RULES) - found == set(), "rules for routes that are gone"


def _browser(world, name):
    web = client(world["app"])
    if name:
        assert login(web, name, PASSWORD).status_code == 303
    token = csrf_of(web.get("/account/password" if name else "/login"))
    return web, token


def _refused(answer) -> bool:
    return answer.status_code in (401, 403, 404) or (
        answer.status_code == 303 and answer.headers.get("location") == "/login")


def _may(rule: str, user: str | None, level: str) -> bool:
    role, agency = ROLE[user], (user or "").split("_")[0]
    kind, _, action = rule.partition(":")
    if kind == "public":
        return True
    if kind == "login":
        return user is not None
    if kind in ("editor", "reviewer", "admin"):
        return role == "admin" or role == kind
    readable = level == "public" or (user is not None and (level == "official" or agency == "atc"))
    if not action:
        return readable
    if action == "admin":
        return role == "admin" and agency == "atc"
    return readable and role in ("editor", "admin") and agency == "atc"


EVENT = {"date": {"start": "2021-03-04"}, "category": "plot", "action_type": "physical", "summary": "s",
         "dataset": "matrix-new"}
# Forms that need input naming something (an upload, a user, an agency): an empty one gets 403/404
# whoever sends it, so for them the matrix checks only who is refused.
NEEDS_INPUT = {"POST /import/confirm", "POST /admin/users", "POST /events/{event_id}/share"}
BODIES = {"POST /api/v1/events": EVENT, "PUT /api/v1/events/{event_id}": EVENT,
          "POST /api/v1/events/{event_id}/transfer": {"agency": "agencyb"},
          "POST /api/v1/registry/exercises": {"name": "Дабыл", "when": "2021-03-04"}}
SPARE = {"DELETE /api/v1/events/{event_id}": "delete", "POST /api/v1/events/{event_id}/transfer": "transfer"}


def _call(web, token, key, path):
    method = key.split(" ")[0]
    if method == "GET":
        return web.get(path, follow_redirects=False)
    headers = {"X-CSRF-Token": token}
    if path.startswith("/api/"):
        return web.request(method, path, json=BODIES.get(key, {}), headers=headers, follow_redirects=False)
    return web.request(method, path, data={"csrf": token}, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("user", USERS)
def test_the_matrix(world, user):
    web, token = _browser(world, user)
    ids = world["ids"]
    wrong = []
    for key, rule in RULES.items():
        method, path = key.split(" ", 1)
        if key in ("POST /logout", "POST /account/password", "POST /login"):
            continue  # they change the session the matrix runs in; tested in test_sessions
        levels = LEVELS if rule.startswith(("event", "topic")) else ("public",)
        for level in levels:
            filled = path.replace("{event_id}", str(ids[f"{SPARE.get(key, 'atc')}_{level}"]))
            filled = filled.replace("{topic_id}", str(ids[f"topic_{level}"]))
            filled = filled.replace("{name}", f"atc-{level}") if "topic" in rule else filled
            filled = re.sub(r"\{(\w+)\}", lambda m: FILLERS[m[1]], filled)
            answer = _call(web, token, key, filled)
            may = _may(rule, user, level)
            placeholders = re.sub(r"\{(event_id|topic_id|name)\}", "", path)
            checkable = key not in NEEDS_INPUT and "{" not in placeholders
            if answer.status_code >= 500 or (may and checkable and _refused(answer)) or (
                    not may and not _refused(answer)):
                wrong.append((key, level, answer.status_code, "may" if may else "may not"))
    assert wrong == [], "\n".join(map(str, wrong))


@pytest.mark.parametrize("user", ["", "atc_viewer", "b_editor"])
def test_the_cli_read_commands_follow_the_same_rules(world, cli_env, user):
    runner, ids = CliRunner(), world["ids"]
    acting = ["--as", user] if user else []
    for level in LEVELS:
        # the unregistered local operator is the system agency: official yes, atc's restricted no
        may = level != "restricted" or user == "atc_viewer"
        for command in (["events", "show", str(ids[f"atc_{level}"]), "--json"],
                        ["events", "history", str(ids[f"atc_{level}"])]):
            result = runner.invoke(cli, acting + command)
            assert (result.exit_code == 0) == may, (user, level, command, result.output)
    listed = json.loads(runner.invoke(cli, [*acting, "events", "list", "-d", "atc-own", "--json"]).stdout)
    assert ("restricted" in {e["access_level"] for e in listed}) == (user == "atc_viewer")
