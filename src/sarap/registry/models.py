"""The registry's tables: the bodies of Decree 1404 and their duties, the kinds of prevention
measure and their sub-items, plans of measures, and exercises (each tied to a verbal event).

Bodies, plans and exercises carry an owning agency and access level like events; what comes from
the decree itself is public. Decree references keep the item key ("10 3)") and its seed lines.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sarap.core.db import Base
from sarap.core.owned import Owned

BODY_KINDS = ("centre", "commission", "operational_hq", "state_body", "local_executive", "unit")
LEVELS = ("republican", "regional", "city", "district", "maritime")
PLAN_STATUSES = ("planned", "in_progress", "done", "cancelled")
SCENARIOS = ("seizure_of_object", "hostage_taking", "explosive_device", "armed_attack",
             "transport", "mass_event", "cbrn", "command_staff", "other")


class Body(Owned, Base):
    """A body that Decree 1404 names (or one that an agency adds under it)."""

    __tablename__ = "registry_bodies"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(12))
    region: Mapped[str | None] = mapped_column(String(3))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("registry_bodies.id"), index=True)
    decree_item: Mapped[str | None] = mapped_column(String(20))
    parent: Mapped[Body | None] = relationship(remote_side="Body.id", back_populates="children")
    children: Mapped[list[Body]] = relationship(back_populates="parent", order_by="Body.id")
    duties: Mapped[list[Duty]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="Duty.position")

    def name(self, lang: str = "kk") -> str:
        return self.names.get(lang) or self.names.get("kk") or self.code


class Duty(Base):
    __tablename__ = "registry_duties"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("registry_bodies.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    decree_item: Mapped[str] = mapped_column(String(20))
    first_line: Mapped[int | None] = mapped_column(Integer)
    last_line: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[Body] = relationship(back_populates="duties")


class MeasureKind(Base):
    """Legal, economic and social, organisational, educational, propaganda (items 8–12)."""

    __tablename__ = "registry_measure_kinds"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    decree_item: Mapped[str] = mapped_column(String(20))
    measures: Mapped[list[Measure]] = relationship(
        back_populates="kind", cascade="all, delete-orphan", order_by="Measure.position")

    def name(self, lang: str = "kk") -> str:
        return self.names.get(lang) or self.names.get("kk") or self.code


class Measure(Base):
    """One sub-item (or named aim) of a measure kind, with the decree text it comes from."""

    __tablename__ = "registry_measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("registry_measure_kinds.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    decree_item: Mapped[str] = mapped_column(String(20))
    first_line: Mapped[int | None] = mapped_column(Integer)
    last_line: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[MeasureKind] = relationship(back_populates="measures")


class Plan(Owned, Base):
    """A planned measure: of which kind, by which body, where, by when, and how far it got."""

    __tablename__ = "registry_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    kind_id: Mapped[int] = mapped_column(ForeignKey("registry_measure_kinds.id"), index=True)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("registry_measures.id"))
    body_id: Mapped[int] = mapped_column(ForeignKey("registry_bodies.id"), index=True)
    region: Mapped[str | None] = mapped_column(String(3), index=True)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="planned", index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    kind: Mapped[MeasureKind] = relationship()
    measure: Mapped[Measure | None] = relationship()
    body: Mapped[Body] = relationship()


exercise_bodies = Table(
    "registry_exercise_bodies", Base.metadata,
    Column("exercise_id", ForeignKey("registry_exercises.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("registry_bodies.id", ondelete="CASCADE"), primary_key=True),
)


class Exercise(Owned, Base):
    """An anti-terrorism exercise; `event_id` is its verbal event in the event data bank."""

    __tablename__ = "registry_exercises"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    date_start: Mapped[date] = mapped_column(Date, index=True)
    date_end: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))
    region: Mapped[str | None] = mapped_column(String(3), index=True)
    settlement: Mapped[str | None] = mapped_column(String(200))
    scenario: Mapped[str] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    bodies: Mapped[list[Body]] = relationship(secondary=exercise_bodies, order_by="Body.id")
