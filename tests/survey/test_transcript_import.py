"""Answers from TXT and DOCX transcripts and codings from CSV: one transaction, errors by file and line."""

import docx
import pytest
from sqlalchemy import func, select

from sarap.core.errors import InvalidInput
from sarap.survey import analysis, store
from sarap.survey.example import load_study_file
from sarap.survey.importing import import_codings, import_transcripts
from sarap.survey.models import Answer


@pytest.fixture
def pilot(db, fixtures):
    with db.session() as session:
        load_study_file(session, fixtures / "survey" / "small-study.yaml", author="tester")
    return db


def test_a_txt_transcript_gives_one_answer_per_respondent_and_question(pilot, fixtures):
    with pilot.session() as session:
        study = store.study_named(session, "pilot")
        result = import_transcripts(session, study, [fixtures / "survey" / "interview-1.txt"], author="t")
        assert (result.answers, result.respondents) == (4, ["№1", "№2"])
        got = [(a.respondent.code, a.question.code if a.question else None, a.source_line, a.text)
               for a in study.answers]
    assert got == [
        ("№1", "G.1", 3, "Интернет арқылы насихат күшейді.\nКибертерроризм де қауіп."),
        ("№1", "1.1", 7, "Құқықтық база құрылды."),
        ("№2", None, 9, "Жалпы пікір: жүйе бар."),
        ("№2", "1.2", 10, "Бағдарламалар тиімді."),
    ]


def test_a_docx_transcript_counts_paragraphs_as_lines(pilot, tmp_path):
    document = docx.Document()
    for text in ["Respondent 2", "Q1.1:", "Заңдар бар.", "Q1.2: Иә."]:
        document.add_paragraph(text)
    path = tmp_path / "interview-2.docx"
    document.save(str(path))
    with pilot.session() as session:
        study = store.study_named(session, "pilot")
        import_transcripts(session, study, [path], author="t")
        got = [(a.respondent.code, a.question.code, a.source_file, a.source_line) for a in study.answers]
    assert got == [("№2", "1.1", "interview-2.docx", 3), ("№2", "1.2", "interview-2.docx", 4)]


def test_a_bad_transcript_names_file_line_and_expectation_and_writes_nothing(pilot, fixtures):
    paths = [fixtures / "survey" / "interview-1.txt", fixtures / "survey" / "interview-bad.txt"]
    with pytest.raises(InvalidInput) as caught, pilot.session() as session:
        import_transcripts(session, store.study_named(session, "pilot"), paths, author="t")
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("interview-bad.txt:1: text before the first respondent line")
    assert "expected a line such as '№3 сарапшы'" in messages[0]
    assert messages[1].startswith("interview-bad.txt:3, column 'question': unknown question (got '1.9')")
    with pilot.session() as session:
        assert session.scalar(select(func.count(Answer.id))) == 0  # the good file was not kept either


def test_a_file_that_is_not_utf8_is_reported_with_its_line(pilot, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("№1 сарапшы\nQ1.1: ".encode() + "Правовая база".encode("cp1251"))
    with pytest.raises(InvalidInput, match=r"old.txt:2: text is not UTF-8"), pilot.session() as session:
        import_transcripts(session, store.study_named(session, "pilot"), [path], author="t")


def test_codings_from_csv_give_agreement(pilot, fixtures):
    with pilot.session() as session:
        study = store.study_named(session, "pilot")
        import_transcripts(session, study, [fixtures / "survey" / "interview-1.txt"], author="t")
        assert import_codings(session, study, fixtures / "survey" / "codings.csv", author="t") == 6
        assert import_codings(session, study, fixtures / "survey" / "codings.csv", author="t") == 0
        report = analysis.study_agreement(study)
    # 3 passages, 2 agree; coder A: online, cyber, legal; coder B: online, online, legal.
    # p_o = 2/3, p_e = (1·2 + 1·0 + 1·1)/9 = 1/3, κ = (2/3 − 1/3)/(2/3) = 0.5
    assert report.cohen.value == pytest.approx(0.5)
    assert report.disagreements[0]["passage"] == "Кибертерроризм де қауіп"


def test_bad_codings_are_reported_row_by_row(pilot, fixtures):
    with pytest.raises(InvalidInput) as caught, pilot.session() as session:
        study = store.study_named(session, "pilot")
        import_transcripts(session, study, [fixtures / "survey" / "interview-1.txt"], author="t")
        import_codings(session, study, fixtures / "survey" / "codings-bad.csv", author="t")
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith("codings-bad.csv:2, column 'passage': found 0 times")
    assert messages[1].startswith("codings-bad.csv:3, column 'theme': unknown theme (got 'threats.nothing')")
    assert messages[2].startswith("codings-bad.csv:4, column 'respondent': 0 answers")
    assert len(messages) == 3
