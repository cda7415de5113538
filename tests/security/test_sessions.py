"""Sessions end when they should: logout, password change, disabling a user, an admin's "sign out
everywhere" and the idle and absolute timeouts; API tokens expire and a bad one is refused (401);
the API checks CSRF whenever a request is not made with a token; private pages are not cached."""

import warnings
from datetime import UTC, datetime, timedelta

from security_world import PASSWORD, client
from sqlalchemy import select

from app_client import csrf_of, login
from sarap.auth import sessions, users
from sarap.auth.models import ApiToken, WebSession
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PRIVATE = "/account/password"  # any page that needs a logged-in user


def _logged_in(world, name="atc_editor"):
    browser = client(world["app"])
    assert login(browser, name, PASSWORD).status_code == 303
    assert browser.get(PRIVATE, follow_redirects=False).status_code == 200
    return browser


def _copy(world, browser):
    thief = client(world["app"])
    thief.cookies.update(dict(browser.cookies))
    return thief


def test_a_copied_session_cookie_is_rejected_after_logout(world):
    browser = _logged_in(world)
    thief = _copy(world, browser)
    assert thief.get(PRIVATE, follow_redirects=False).status_code == 200
    browser.post("/logout", data={"csrf": csrf_of(browser.get(PRIVATE))})
    assert thief.get(PRIVATE, follow_redirects=False).headers["location"] == "/login"
    assert browser.get(PRIVATE, follow_redirects=False).headers["location"] == "/login"


def test_a_password_change_ends_every_other_session(world):
    browser = _logged_in(world)
    thief = _copy(world, browser)
    form = browser.get(PRIVATE)
    new = "another long passphrase"
    done = browser.post(PRIVATE, data={"current": PASSWORD, "new": new, "repeat": new, "csrf": csrf_of(form)},
                        follow_redirects=False)
    assert done.status_code == 303
    assert thief.get(PRIVATE, follow_redirects=False).headers["location"] == "/login"
    assert browser.get(PRIVATE, follow_redirects=False).status_code == 200  # this browser got a new one


def test_disabling_a_user_and_sign_out_everywhere_end_sessions(world):
    viewer, editor = _logged_in(world, "atc_viewer"), _logged_in(world, "atc_editor")
    admin = _logged_in(world, "atc_admin")
    page = admin.get("/admin/users")
    admin.post("/admin/users", data={"action": "sign_out", "username": "atc_viewer", "csrf": csrf_of(page)})
    admin.post("/admin/users", data={"action": "disable", "username": "atc_editor", "csrf": csrf_of(page)})
    assert viewer.get(PRIVATE, follow_redirects=False).headers["location"] == "/login"
    assert editor.get(PRIVATE, follow_redirects=False).headers["location"] == "/login"
    assert admin.get(PRIVATE, follow_redirects=False).status_code == 200
    with world["db"].session() as s:
        why = {w.ended_why for w in s.scalars(select(WebSession).where(WebSession.ended_at.is_not(None)))}
        assert why == {"signed out by an admin", "disabled"}


def test_idle_and_absolute_timeouts(world):
    limits = sessions.Limits(idle=timedelta(minutes=30), absolute=timedelta(hours=8))
    with world["db"].session() as s:
        user = users.get_user(s, "atc_viewer")
        start = datetime.now(UTC)
        key = sessions.start(s, user, now=start)
        assert sessions.user_of(s, key, limits, now=start + timedelta(minutes=29)) is user
        assert sessions.user_of(s, key, limits, now=start + timedelta(minutes=59)) is user
        assert sessions.user_of(s, key, limits, now=start + timedelta(minutes=100)) is None  # idle
        busy = sessions.start(s, user, now=start)
        for minutes in range(20, 8 * 60, 20):
            assert sessions.user_of(s, busy, limits, now=start + timedelta(minutes=minutes)) is user
        assert sessions.user_of(s, busy, limits, now=start + timedelta(hours=8, minutes=1)) is None


def test_bad_expired_and_revoked_tokens_get_401_and_use_is_recorded(world):
    web, token = client(world["app"]), world["tokens"]["atc_viewer"]
    assert web.get("/api/v1/events", headers={"Authorization": "Bearer srp_nonsense"}).status_code == 401
    assert web.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with world["db"].session() as s:
        stored = s.scalar(select(ApiToken).where(ApiToken.name == "t", ApiToken.last_used.is_not(None)))
        assert stored.user.username == "atc_viewer" and stored.expires_at is not None
        stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert web.get("/api/v1/events", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    other = world["tokens"]["atc_editor"]
    with world["db"].session() as s:
        users.revoke_tokens(s, users.get_user(s, "atc_editor"), actor="atc_admin")
    assert web.get("/api/v1/events", headers={"Authorization": f"Bearer {other}"}).status_code == 401


def test_the_api_checks_csrf_unless_a_token_is_sent(world):
    browser = _logged_in(world)
    own = world["ids"]["atc_public"]
    record = browser.get(f"/api/v1/events/{own}").json()
    for header in ({"Authorization": "Basic YTpi"}, {"Authorization": "Negotiate x"}, {}):
        forged = browser.put(f"/api/v1/events/{own}", json={**record, "summary": "forged"}, headers=header)
        assert forged.status_code == 403, header
    assert browser.get(f"/api/v1/events/{own}").json()["summary"] == record["summary"]


def test_pages_with_non_public_data_are_not_cached(world):
    browser, visitor = _logged_in(world), client(world["app"])
    assert browser.get("/events").headers["cache-control"] == "no-store"
    token = {"Authorization": f"Bearer {world['tokens']['atc_viewer']}"}
    assert visitor.get("/api/v1/events", headers=token).headers["cache-control"] == "no-store"
    assert "cache-control" not in visitor.get("/events").headers


def test_secure_cookies_setting(world, monkeypatch):
    from sarap.core.settings import load_settings

    monkeypatch.setenv("SARAP_SECURE_COOKIES", "1")
    assert load_settings().secure_cookies is True
    app = create_app(world["db"], secret="s", secure_cookies=True)
    browser = TestClient(app, base_url="https://testserver")
    answer = login(browser, "atc_viewer", PASSWORD)
    assert answer.status_code == 303 and "; secure" in answer.headers["set-cookie"].lower()
    assert browser.get(PRIVATE, follow_redirects=False).status_code == 200
