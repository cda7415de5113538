"""Metrics, the transparency report and retention, all computed from decisions made in the test."""

import csv
import io
import math
from datetime import UTC, date, datetime, timedelta

import pytest

from sarap.auth.models import User
from sarap.review import metrics, privacy, queue, report
from sarap.review.models import ReviewItem

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
THREAT = "Убивайте их всех! Завтра взрывайте вокзал."
PROPAGANDA = "Слава героям Аль-Каиды! Их путь — наш путь."
JOIN = "Join ISIS now! Send money, every coin matters."
FILM = "Оларды өлтіріңдер — деп айқайлады кинодағы қаскөй."  # a film villain: rules flag, humans clear


def _decided(db, config, reviewers):
    """Four items, decided by two reviewers; one disagreement."""
    with db.session() as s:
        aru, bolat = s.get(User, reviewers["aru"]), s.get(User, reviewers["bolat"])
        items = [queue.add_item(s, queue.NewItem(t), actor="aru", origin="pasted", config=config, at=T0)
                 for t in (THREAT, PROPAGANDA, JOIN, FILM)]
        threat, propaganda, join, film = items
        queue.decide(s, threat, aru, "threat_to_life", "call to kill", config=config,
                     at=T0 + timedelta(hours=2))
        queue.confirm(s, threat, bolat, "threat_to_life", at=T0 + timedelta(hours=4))
        queue.decide(s, propaganda, aru, "listed_org_propaganda", "glorifies", config=config,
                     at=T0 + timedelta(hours=1))
        queue.confirm(s, propaganda, bolat, "listed_org_propaganda", at=T0 + timedelta(hours=6))
        queue.decide(s, join, bolat, "join_or_finance", "recruiting", config=config,
                     at=T0 + timedelta(hours=1))
        queue.confirm(s, join, aru, "listed_org_propaganda", "rather propaganda", at=T0 + timedelta(hours=2))
        queue.decide(s, film, aru, "not_violating", "a film quotation", config=config,
                     at=T0 + timedelta(hours=10))
        return [i.id for i in items]


def test_precision_kappa_and_time_to_decision_from_the_decisions(db, config, reviewers):
    ids = _decided(db, config, reviewers)
    with db.session() as s:
        items = [s.get(ReviewItem, i) for i in ids]
        assert [i.flagged for i in items] == [True, True, True, True]
        m = metrics.compute(items)
    precision = {p.category: (p.confirmed, p.flagged_decided) for p in m.precision}
    assert precision["threat_to_life"] == (1, 2)  # the film quotation was a false flag
    assert precision["listed_org_propaganda"] == (1, 1)
    assert precision["join_or_finance"] == (0, 0)  # escalated, not decided yet
    assert (m.precision_any.confirmed, m.precision_any.flagged_decided) == (2, 3)
    # pairs: (threat, threat), (propaganda, propaganda), (join, propaganda)
    po, pe = 2 / 3, (1 / 3) * (1 / 3) + (1 / 3) * (2 / 3) + 0
    assert m.pairs == 3 and m.disagreements == 1
    assert math.isclose(m.kappa["value"], (po - pe) / (1 - pe))
    assert m.hours_to_decision == {"decided": 3, "median": 6.0, "mean": 6.67, "max": 10.0}
    assert m.by_state["escalated"] == 1


def test_transparency_report_csv_and_html_carry_counts_not_text(db, config, reviewers):
    _decided(db, config, reviewers)
    with db.session() as s:
        r = report.build(s, date(2025, 3, 1), date(2025, 3, 31))
        empty = report.build(s, date(2025, 4, 1), date(2025, 4, 30))
    rows = list(csv.DictReader(io.StringIO(report.to_csv(r))))
    value = {(row["section"], row["category"], row["key"]): row["value"] for row in rows}
    assert value[("entered", "", "items")] == "4"
    assert value[("flagged", "threat_to_life", "items")] == "2"
    assert value[("decided", "threat_to_life", "items")] == "1"
    assert value[("decided", "not_violating", "items")] == "1"
    assert value[("why", "threat_to_life", "rule:ru.imperative_violence")] == "1"
    assert value[("agreement", "", "double_reviewed")] == "3"
    html = report.to_html(r, "ru")
    assert "Угроза жизни или призыв к насилию" in html and "ru.imperative_violence (1)" in html
    for text in (THREAT, PROPAGANDA, JOIN, FILM, "call to kill"):
        assert text not in html and text not in report.to_csv(r)
    assert empty.entered == 0


def test_purge_after_retention_keeps_counts_and_drops_text(db, config, reviewers):
    ids = _decided(db, config, reviewers)
    decided_at = T0 + timedelta(hours=10)
    with db.session() as s:
        early = privacy.purge(s, now=decided_at + timedelta(days=89), retention_days=90, actor="cron")
        assert early.purged == 0
        done = privacy.purge(s, now=decided_at + timedelta(days=90), retention_days=90, actor="cron")
        assert done.purged == 1
        film = s.get(ReviewItem, ids[3])
        assert film.text is None and film.purged_at is not None and film.category == "not_violating"
        assert all(len(span) == 2 for rule in film.reasons["rules"] for span in rule["spans"])
        assert [d.note for d in film.decisions] == [privacy.PURGED_NOTE]
        threat = s.get(ReviewItem, ids[0])
        assert threat.text is not None  # violating items are kept as evidence
        r = report.build(s, date(2025, 3, 1), date(2025, 3, 31))
        assert (r.decided["not_violating"], r.purged) == (1, 1)
        later = privacy.purge(s, now=decided_at + timedelta(days=400), retention_days=90, actor="cron")
        assert later.purged == 0


def test_report_period_errors_name_the_field():
    with pytest.raises(Exception, match="to.*on or after 2025-03-01"):
        report.parse_period("2025-03-01", "2025-02-01", today=date(2025, 5, 1))
    assert report.parse_period(None, None, today=date(2025, 5, 1)) == (date(2025, 1, 1), date(2025, 12, 31))
