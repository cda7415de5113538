"""Kazakhstan's official list of banned terrorist and extremist organisations, as stored and edited.

The shipped list (data/organisations.yaml, from the dissertation) is loaded once; afterwards the
database is the list. Every add or edit writes a revision (the whole entry, who, why) and an audit
entry, so the list the rules matched against on any day can be reconstructed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarap.core import audit
from sarap.core.errors import InvalidInput, NotFound, Problem
from sarap.review.models import Organisation, OrganisationRevision

SHIPPED = Path(__file__).parent / "data" / "organisations.yaml"
LANGS = ("kk", "ru", "en")
NAME_LANGS = (*LANGS, "ar")  # aliases also in Arabic script and its Latin transliterations
FIELDS = ("names", "aliases", "ban_date", "ban_date_note", "court", "source", "active", "designation",
          "verified")
DESIGNATIONS = ("terrorist", "extremist")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}$")


@dataclass(frozen=True)
class NameVariant:
    """One way of writing an organisation's name; strict ones count only when capitalised as given."""

    lang: str
    name: str
    strict: bool
    cased: bool = False  # inflects, but counts only with its capitals («Исламского государства»)


def parse_ban_date(value: object, where: str, field: str = "ban_date") -> tuple[date | None, str | None]:
    """YYYY, YYYY-MM or YYYY-MM-DD (as precise as the source is); empty means not known."""
    if value in (None, ""):
        return None, None
    if isinstance(value, date):
        return value, "day"
    match = _DATE.match(str(value).strip())
    if not match:
        raise InvalidInput([Problem("not a date", file=where, column=field, value=str(value),
                                    expected="YYYY, YYYY-MM or YYYY-MM-DD")])
    year, month, day = match.groups()
    try:
        found = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidInput([Problem("no such date", file=where, column=field, value=str(value),
                                    expected="a real calendar date")]) from None
    return found, "day" if day else "month" if month else "year"


def format_ban_date(org: Organisation) -> str:
    if org.ban_date is None:
        return ""
    if org.ban_date_precision == "year":
        return f"{org.ban_date.year}"
    if org.ban_date_precision == "month":
        return f"{org.ban_date.year}-{org.ban_date.month:02d}"
    return org.ban_date.isoformat()


def variants(org: Organisation) -> list[NameVariant]:
    return variants_of(org.names, org.aliases)


def variants_of(names: dict[str, Any], aliases: dict[str, Any]) -> list[NameVariant]:
    out: list[NameVariant] = []
    for lang in NAME_LANGS:
        for entry in [names.get(lang), *((aliases or {}).get(lang) or [])]:
            if isinstance(entry, dict) and entry.get("name"):
                out.append(NameVariant(lang, str(entry["name"]), bool(entry.get("strict")),
                                       bool(entry.get("cased"))))
            elif isinstance(entry, str) and entry:
                out.append(NameVariant(lang, entry, False))
    return out


def shipped_named() -> list[tuple[str, list[NameVariant]]]:
    """The shipped list's names that feed the rules, without a database (training, benchmarks)."""
    return [(e["slug"], variants_of(e.get("names") or {}, e.get("aliases") or {}))
            for e in shipped()["organisations"]
            if e.get("active", True) and e.get("verified", True)
            and e.get("designation", "terrorist") == "terrorist"]


def display_name(org: Organisation, lang: str) -> str:
    entry = org.names.get(lang) or org.names.get("en") or org.slug
    return str(entry["name"] if isinstance(entry, dict) else entry)


def snapshot(org: Organisation) -> dict[str, Any]:
    return {"slug": org.slug, "names": org.names, "aliases": org.aliases, "ban_date": format_ban_date(org),
            "ban_date_note": org.ban_date_note, "court": org.court, "source": org.source,
            "active": org.active, "designation": org.designation, "verified": org.verified}


def counts_for_rules(org: Organisation) -> bool:
    """Only an active, sourced terrorist designation lets the name feed the join/finance/glorify rules:
    a banned religious or political movement named in a text is never by itself grounds for a flag."""
    return bool(org.active and org.verified and org.designation == "terrorist")


def _check(data: dict[str, Any], where: str) -> list[Problem]:
    problems: list[Problem] = []
    names = data.get("names")
    if not isinstance(names, dict) or not any(names.get(lang) for lang in LANGS):
        problems.append(Problem("missing names", file=where, column="names",
                                expected="a name in kk, ru or en"))
    for field in ("names", "aliases", "court"):
        value = data.get(field)
        if value is not None and not isinstance(value, dict):
            problems.append(Problem("not a mapping by language", file=where, column=field, value=str(value),
                                    expected="{kk: …, ru: …, en: …}"))
    if data.get("designation") not in (None, *DESIGNATIONS):
        problems.append(Problem("unknown designation", file=where, column="designation",
                                value=str(data.get("designation")), expected=" or ".join(DESIGNATIONS)))
    if not str(data.get("source") or "").strip():
        problems.append(Problem("missing source", file=where, column="source",
                                expected="where the ban is recorded, e.g. a document and its lines"))
    return problems


def _apply(org: Organisation, data: dict[str, Any], where: str) -> None:
    if "ban_date" in data:
        org.ban_date, org.ban_date_precision = parse_ban_date(data["ban_date"], where)
    for field in ("names", "aliases", "court"):
        if field in data:
            setattr(org, field, data[field] or {})
    if "ban_date_note" in data:
        org.ban_date_note = data["ban_date_note"] or None
    if "source" in data:
        org.source = str(data["source"])
    if "active" in data:
        org.active = bool(data["active"])
    if "designation" in data:
        org.designation = str(data["designation"] or "terrorist")
    if "verified" in data:
        org.verified = bool(data["verified"])


def _revise(session: Session, org: Organisation, actor: str, reason: str, action: str) -> None:
    session.flush()
    session.add(OrganisationRevision(organisation_id=org.id, number=org.revision, at=datetime.now(UTC),
                                     actor=actor, reason=reason, snapshot=snapshot(org)))
    audit.record(session, actor=actor, action=f"review.organisation.{action}", entity="review_organisation",
                 entity_id=org.slug, detail={"revision": org.revision, "reason": reason})


def add(session: Session, slug: str, data: dict[str, Any], *, actor: str, reason: str,
        where: str = "organisation") -> Organisation:
    problems = _check(data, where)
    if not _SLUG.match(slug):
        problems.append(Problem("not a usable short name", file=where, column="slug", value=slug,
                                expected="lower-case letters, digits and hyphens, e.g. 'al-qaeda'"))
    if session.scalar(select(Organisation).where(Organisation.slug == slug)) is not None:
        problems.append(Problem("already on the list", file=where, column="slug", value=slug,
                                expected="a new short name (edit the existing one instead)"))
    if problems:
        raise InvalidInput(problems)
    org = Organisation(slug=slug, names={}, aliases={}, court={}, source="", active=True, revision=1,
                       designation="terrorist", verified=True)
    _apply(org, data, where)
    session.add(org)
    _revise(session, org, actor, reason, "add")
    return org


def edit(session: Session, slug: str, changes: dict[str, Any], *, actor: str, reason: str,
         where: str = "edit") -> Organisation:
    org = get(session, slug)
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InvalidInput([Problem("unknown field", file=where, column=f, expected=", ".join(FIELDS))
                            for f in unknown])
    if not reason.strip():
        raise InvalidInput([Problem("missing reason", file=where, column="reason",
                                    expected="why the entry changes (a court decision, a correction)")])
    problems = _check({**snapshot(org), **changes}, where)
    if problems:
        raise InvalidInput(problems)
    _apply(org, changes, where)
    org.revision += 1
    _revise(session, org, actor, reason, "edit")
    return org


def get(session: Session, slug: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise NotFound(f"no organisation {slug!r} on the list; see 'sarap review organisations list'")
    return org


def listed(session: Session, *, active_only: bool = False) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.id)
    if active_only:
        query = query.where(Organisation.active.is_(True))
    return list(session.scalars(query))


def history(session: Session, slug: str) -> list[OrganisationRevision]:
    org = get(session, slug)
    return list(session.scalars(select(OrganisationRevision).where(
        OrganisationRevision.organisation_id == org.id).order_by(OrganisationRevision.number)))


@cache
def shipped() -> dict[str, Any]:
    with SHIPPED.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def load_shipped(session: Session, *, actor: str) -> int:
    """Adds the shipped entries not yet on the list (by slug); returns how many were added."""
    have = set(session.scalars(select(Organisation.slug)))
    added = 0
    for entry in shipped()["organisations"]:
        if entry["slug"] in have:
            continue
        data = {k: entry.get(k) for k in FIELDS if k in entry}
        add(session, entry["slug"], data, actor=actor, where=str(SHIPPED.name),
            reason=f"shipped list: {entry['source']}")
        added += 1
    return added


def ensure_loaded(session: Session) -> None:
    """The first time the list is needed it is filled from the shipped list; entries added to the shipped
    list later (by slug) join it too. Entries already there are never overwritten: edits stay."""
    have = session.scalar(select(func.count(Organisation.id)))
    if not have or have < len(shipped()["organisations"]):
        load_shipped(session, actor="sarap (shipped list)")
