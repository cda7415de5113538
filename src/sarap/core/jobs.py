"""Background jobs: long work (an ingest, a large import) started from a page runs in a worker
thread while the page polls its record for progress; the record is a database row, so a reload, a
second tab or another worker process sees the same state, and a job cut off by a restart is marked
as such instead of staying "running" forever.

A job is any function `work(progress) -> dict` registered under a kind; `progress(done, total)`
updates the record (throttled), and the dict it returns is the job's report. A SarapError ends the
job as failed with its message (and problems, for InvalidInput); any other exception is logged and
ends it as failed without leaking a traceback to the page.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sarap.core.db import Base, Database
from sarap.core.errors import InvalidInput, NotFound, SarapError

log = logging.getLogger("sarap.jobs")
STATES = ("queued", "running", "done", "failed")
Progress = Callable[[int, "int | None"], None]
Work = Callable[[Progress], dict[str, Any]]
MIN_INTERVAL = 0.25  # seconds between progress writes: a fast job does not write a row per record


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(100), index=True)
    agency: Mapped[str | None] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def percent(self) -> int | None:
        if self.state == "done":
            return 100
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "state": self.state,
                "done": self.done, "total": self.total, "percent": self.percent,
                "message": self.message, "result": self.result, "finished": self.finished,
                "created_at": self.created_at.isoformat() if self.created_at else None,
                "finished_at": self.finished_at.isoformat() if self.finished_at else None}


class _Reporter:
    """The progress callback of one job: writes done/total at most every MIN_INTERVAL seconds."""

    def __init__(self, db: Database, job_id: int):
        self.db, self.job_id, self.last = db, job_id, 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - self.last < MIN_INTERVAL:
            return
        self.last = now
        with self.db.session() as session:
            job = session.get_one(Job, self.job_id)
            job.done = done
            if total is not None:
                job.total = total


def _finish(db: Database, job_id: int, state: str, message: str | None, result: dict[str, Any]) -> None:
    with db.session() as session:
        job = session.get_one(Job, job_id)
        job.state, job.message, job.result = state, message, result
        job.finished_at = datetime.now(UTC)
        if state == "done" and job.total is not None:
            job.done = job.total


def _run(db: Database, job_id: int, work: Work) -> None:
    with db.session() as session:
        session.get_one(Job, job_id).state = "running"
    try:
        result = work(_Reporter(db, job_id))
    except InvalidInput as exc:
        _finish(db, job_id, "failed", str(exc.problems[0]) if exc.problems else str(exc),
                {"problems": [p.to_dict() for p in exc.problems]})
    except SarapError as exc:
        _finish(db, job_id, "failed", str(exc), {})
    except Exception:  # a bug: logged with its traceback, the page only says the job failed
        log.exception("job %s failed", job_id)
        _finish(db, job_id, "failed", None, {"error": "internal"})
    else:
        _finish(db, job_id, "done", None, result)


def start(db: Database, kind: str, work: Work, *, title: str, owner: str, agency: str | None,
          total: int | None = None, wait: bool = False) -> int:
    """Records a job and runs `work` in a worker thread; returns the job's id at once (or after the
    job, with wait=True: the CLI and tests use the same path)."""
    with db.session() as session:
        job = Job(kind=kind, title=title[:200], owner=owner, agency=agency, state="queued", total=total,
                  result={}, created_at=datetime.now(UTC))
        session.add(job)
        session.flush()
        job_id = job.id
    worker = threading.Thread(target=_run, args=(db, job_id, work), name=f"sarap-job-{job_id}", daemon=True)
    worker.start()
    if wait:
        worker.join()
    return job_id


def get(session: Session, job_id: int, owner: str | None = None) -> Job:
    """A job; with `owner`, only that user's (someone else's job is simply not there)."""
    job = session.get(Job, job_id) if 0 < job_id < 2**31 else None
    if job is None or (owner is not None and job.owner != owner):
        raise NotFound(f"no job {job_id}")
    return job


def recent(session: Session, owner: str, kind: str | None = None, limit: int = 10) -> list[Job]:
    query = select(Job).where(Job.owner == owner)
    if kind:
        query = query.where(Job.kind == kind)
    return list(session.scalars(query.order_by(Job.id.desc()).limit(limit)))


def mark_interrupted(db: Database) -> int:
    """At start-up: jobs left queued or running by a stopped server end as failed, saying so."""
    with db.session() as session:
        stale = list(session.scalars(select(Job).where(Job.state.in_(("queued", "running")))))
        for job in stale:
            job.state, job.message = "failed", "interrupted: the server stopped while it ran"
            job.finished_at = datetime.now(UTC)
        return len(stale)
