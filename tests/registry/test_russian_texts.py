"""Russian readers see the duties and measures of Decree 1404 in Russian (the team's translation from
the Kazakh text), beside the decree's own Kazakh words; a text without ru falls back to Kazakh."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import yaml
from typer.testing import CliRunner

from sarap.cli.main import app as cli
from sarap.registry import decree, store
from sarap.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MARITIME_RU = "на континентальном шельфе либо на плавательных средствах в море"
MARITIME_KK = "теңіздегі экономикалық қызмет объектілеріне"


def _row(page: str, body: str) -> str:
    return page.split(f'id="body-{body}"')[1].split("</tr>")[0]


def test_every_duty_and_measure_has_a_russian_text(loaded):
    with loaded.session() as session:
        bodies = [node.body for node in store.bodies_tree(session)]
        kinds = store.measure_kinds(session)
        texts = [d.text for b in bodies for d in b.duties] + [m.text for k in kinds for m in k.measures]
        assert len(texts) == 57
        assert [t for t in texts if not t.get("ru", "").strip()] == []
        # Russian is prose in Cyrillic, never a copy of the Kazakh or the English.
        assert all(t["ru"] not in (t["kk"], t.get("en")) for t in texts)
        assert all(b.names.get("ru") for b in bodies) and all(k.names.get("ru") for k in kinds)


def test_russian_page_shows_the_maritime_headquarters_duty_in_russian(loaded):
    client = TestClient(create_app(loaded, secret="test-secret"))
    page = client.get("/registry?lang=ru")
    assert page.status_code == 200
    row = _row(page.text, "hq-maritime")
    assert "Морской оперативный штаб по борьбе с терроризмом" in row
    assert MARITIME_RU in row and MARITIME_KK in row  # the decree's Kazakh words stay beside it
    assert "continental shelf" not in row
    measures = client.get("/registry/measures?lang=ru").text
    drills = measures.split('id="kind-organisational"')[1].split("</section>")[0]
    assert "специальных учений и тренировок по месту жительства или работы" in drills


def test_a_text_without_russian_falls_back_to_kazakh(db, tmp_path: Path):
    """A duty whose ru is missing (e.g. a newly mapped item) is shown in Kazakh, as before."""
    shutil.copy(decree.MAPPING.parent / "decree_1404_kk.txt", tmp_path)
    mapping = tmp_path / "decree_1404.yaml"
    data = yaml.safe_load(decree.MAPPING.read_text(encoding="utf-8"))
    maritime = next(b for b in data["bodies"] if b["code"] == "hq-maritime")
    del maritime["duties"][0]["ru"]
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with db.session() as session:
        decree.load(session, author="tester", mapping=mapping)
    row = _row(TestClient(create_app(db, secret="test-secret")).get("/registry?lang=ru").text, "hq-maritime")
    assert MARITIME_KK in row and MARITIME_RU not in row and "continental shelf" not in row


def test_cli_shows_russian_when_asked(cli_env):
    runner = CliRunner()
    assert runner.invoke(cli, ["registry", "load-decree"], catch_exceptions=False).exit_code == 0
    wide = {"COLUMNS": "400"}  # one duty a line, so that a long text is not wrapped
    bodies = runner.invoke(cli, ["registry", "bodies", "--lang", "ru"], catch_exceptions=False,
                           env=wide).stdout
    maritime = bodies.split("Морской оперативный штаб по борьбе с терроризмом")[1].split("\n")[1]
    assert "п. 18: Своевременное реагирование на акты терроризма" in maritime and MARITIME_RU in maritime
    measures = runner.invoke(cli, ["registry", "measures", "--lang", "ru"], catch_exceptions=False,
                             env=wide).stdout
    assert "Ликвидация безработицы." in measures and "жұмыссыздықты жою" not in measures
