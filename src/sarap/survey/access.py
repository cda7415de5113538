"""Who may read and write a study: the rules of events (sarap.auth.access) applied to studies.

public: everyone; official: every logged-in user; restricted: users of the owning agency. Writing
(answers, codings) needs the editor role and a study of one's own agency (or of none).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_

from sarap.auth.models import User
from sarap.survey.models import Study


def readable(user: User | None) -> ColumnElement[bool]:
    if user is None:
        return Study.access_level == "public"
    return or_(Study.access_level.in_(("public", "official")), Study.agency == user.agency.code)


def can_read(user: User | None, study: Study) -> bool:
    if study.access_level == "public":
        return True
    if user is None:
        return False
    return study.access_level == "official" or study.agency == user.agency.code


def can_write(user: User | None, study: Study) -> bool:
    if user is None or not user.has_role("editor"):
        return False
    return study.agency in (None, user.agency.code)
