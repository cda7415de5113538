"""The interview tables. A study owns everything below it; access is the study's (like events)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sarap.core.db import Base
from sarap.core.owned import Owned

ACCESS_LEVELS = ("public", "official", "restricted")
SOURCE_KINDS = ("transcript", "typed", "seed")


class Study(Owned, Base):
    __tablename__ = "survey_studies"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Where the study comes from: document, lines, who prepared it, caveats.
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    sections: Mapped[list[Section]] = relationship(
        back_populates="study", cascade="all, delete-orphan", order_by="Section.position")
    respondents: Mapped[list[Respondent]] = relationship(
        back_populates="study", cascade="all, delete-orphan", order_by="Respondent.position")
    themes: Mapped[list[Theme]] = relationship(
        back_populates="study", cascade="all, delete-orphan", order_by="Theme.position")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="study", cascade="all, delete-orphan", order_by="Answer.id")


class Section(Base):
    """A part of the guide: the general questions or one of the blocks."""

    __tablename__ = "survey_sections"
    __table_args__ = (UniqueConstraint("study_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("survey_studies.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    study: Mapped[Study] = relationship(back_populates="sections")
    questions: Mapped[list[Question]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="Question.position")


class Question(Base):
    __tablename__ = "survey_questions"
    __table_args__ = (UniqueConstraint("study_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("survey_studies.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id", ondelete="CASCADE"),
                                            index=True)
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    section: Mapped[Section] = relationship(back_populates="questions")
    study: Mapped[Study] = relationship()


class Respondent(Base):
    """An interviewee by anonymised attributes only: never a name (DESIGN §6)."""

    __tablename__ = "survey_respondents"
    __table_args__ = (UniqueConstraint("study_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("survey_studies.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    sector: Mapped[str] = mapped_column(String(40), default="not_stated")
    role: Mapped[str] = mapped_column(String(40), default="not_stated")
    experience_band: Mapped[str] = mapped_column(String(20), default="unknown")
    # Further anonymised attributes (e.g. an academic degree, the profile's own words).
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    study: Mapped[Study] = relationship(back_populates="respondents")


class Theme(Base):
    """A code of the coding frame; themes nest through `parent_id`."""

    __tablename__ = "survey_themes"
    __table_args__ = (UniqueConstraint("study_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("survey_studies.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("survey_themes.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    definition: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    study: Mapped[Study] = relationship(back_populates="themes")
    parent: Mapped[Theme | None] = relationship(remote_side="Theme.id")


class Answer(Base):
    """One respondent's answer (to one question, or to none when the transcript does not say)."""

    __tablename__ = "survey_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("survey_studies.id", ondelete="CASCADE"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("survey_respondents.id", ondelete="CASCADE"),
                                               index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("survey_questions.id", ondelete="SET NULL"),
                                                    index=True)
    text: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(12), default="typed")
    source_file: Mapped[str | None] = mapped_column(String(300))
    source_line: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    study: Mapped[Study] = relationship(back_populates="answers")
    respondent: Mapped[Respondent] = relationship(lazy="joined")
    question: Mapped[Question | None] = relationship(lazy="joined")
    codings: Mapped[list[Coding]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="Coding.span_start")


class Coding(Base):
    """One coder's theme for one passage: the characters [span_start, span_end) of an answer."""

    __tablename__ = "survey_codings"
    __table_args__ = (UniqueConstraint("answer_id", "span_start", "span_end", "theme_id", "coder"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("survey_answers.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    theme_id: Mapped[int] = mapped_column(ForeignKey("survey_themes.id", ondelete="CASCADE"), index=True)
    coder: Mapped[str] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    answer: Mapped[Answer] = relationship(back_populates="codings")
    theme: Mapped[Theme] = relationship(lazy="joined")

    @property
    def passage(self) -> str:
        return self.answer.text[self.span_start:self.span_end]
