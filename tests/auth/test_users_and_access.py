import pytest
from sqlalchemy import select

from sarap.auth import access, users
from sarap.auth.models import ApiToken
from sarap.auth.throttle import LoginThrottle
from sarap.core.audit import AuditEntry
from sarap.core.errors import InvalidInput
from sarap.events import records, store
from sarap.events.models import Event, EventShare
from sarap.events.visible import readable


def test_generated_password_must_be_changed_and_is_stored_hashed(db):
    with db.session() as s:
        user, password = users.create_user(s, "aigerim", "atc", "editor", actor="admin")
        assert user.must_change_password and password not in user.password_hash
        assert user.password_hash.startswith("$argon2")
    with db.session() as s:
        assert users.authenticate(s, "aigerim", password).username == "aigerim"


def test_guessing_is_slowed_down_progressively_but_never_locks_an_account_for_good(db):
    with db.session() as s:
        users.create_user(s, "bek", "atc", "admin", actor="admin", password="correct horse battery")
    throttle = LoginThrottle()
    waits = []
    for i in range(12):
        waits.append(throttle.wait("10.0.0.9", "bek", now=1000.0 + i * 100))
        with db.session() as s, pytest.raises(users.LoginRefused, match="wrong user name or password"):
            users.authenticate(s, "bek", "wrong password!")
        throttle.failed("10.0.0.9", "bek", now=1000.0 + i * 100)
    assert waits[:4] == [0, 0, 0, 0]
    # an unknown name is slowed down exactly like a real one: the answer tells nothing
    for i in range(12):
        throttle.failed("10.0.0.8", "nosuchuser", now=1000.0 + i * 100)
    assert throttle.wait("10.0.0.7", "nosuchuser", now=2100.0) == throttle.wait("10.0.0.6", "bek", now=2100.0)
    # the delay is capped: the admin gets in a minute later, from anywhere, with the right password
    assert 0 < throttle.wait("10.0.0.1", "bek", now=2100.0) <= 60
    assert throttle.wait("10.0.0.1", "bek", now=2161.0) == 0
    with db.session() as s:
        assert users.authenticate(s, "bek", "correct horse battery").username == "bek"
        failed = s.scalars(select(AuditEntry).where(AuditEntry.action == "login.failed")).all()
        assert len(failed) == 12


def test_short_passwords_and_unknown_roles_are_refused(db):
    with db.session() as s, pytest.raises(InvalidInput, match="at least 12"):
        users.create_user(s, "x", "atc", "viewer", actor="a", password="short")
    with db.session() as s, pytest.raises(InvalidInput, match="unknown role"):
        users.create_user(s, "y", "atc", "superuser", actor="a")


def test_api_tokens_are_stored_as_hashes(db):
    with db.session() as s:
        user, _ = users.create_user(s, "api", "atc", "viewer", actor="a")
        token = users.create_token(s, user, "script", actor="a")
    with db.session() as s:
        assert token not in {t.token_hash for t in s.scalars(select(ApiToken))}
        assert users.user_for_token(s, token).username == "api"
        assert users.user_for_token(s, token + "x") is None


def _event(s, origin, level, agency):
    record, problems = records.validate({"origin": origin, "date": {"start": "2020"},
                                         "category": "exercise", "action_type": "verbal",
                                         "summary": origin, "access_level": level, "agency": agency})
    assert not problems
    return store.create(s, record, author="t")


def test_restricted_events_are_seen_only_by_their_agency_and_those_it_shares_with(db):
    with db.session() as s:
        atc, _ = users.create_user(s, "atc_user", "atc", "editor", actor="a")
        mvd, _ = users.create_user(s, "mvd_user", "mvd", "viewer", actor="a")
        kns, _ = users.create_user(s, "kns_user", "kns", "viewer", actor="a")
        _event(s, "public", "public", "atc")
        _event(s, "official", "official", "atc")
        secret = _event(s, "restricted", "restricted", "atc")
        s.add(EventShare(event_id=secret.id, agency="mvd"))
        s.flush()
        s.expire_all()

        def seen(user):
            return sorted(e.origin for e in s.scalars(select(Event).where(readable(user))))

        assert seen(None) == ["public"]
        assert seen(atc) == ["official", "public", "restricted"]
        assert seen(mvd) == ["official", "public", "restricted"]
        assert seen(kns) == ["official", "public"]
        secret = s.get(Event, secret.id)
        assert access.can_read(mvd, secret) and not access.can_read(kns, secret)
        assert access.can_write(atc, secret) and not access.can_write(mvd, secret)
