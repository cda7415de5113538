"""The `sarap` command as a user runs it, against the real test database."""

import json

from typer.testing import CliRunner

from sarap.cli.main import app

runner = CliRunner()


def sarap(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_import_list_show_edit_history_restore(cli_env, fixtures, tmp_path):
    result = sarap("events", "import", fixtures / "events_good.csv", "--dataset", "t", "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["imported"], summary["rejected"], summary["errors"]) == (3, 3, 0, [])

    listed = json.loads(sarap("events", "list", "--dataset", "t", "--json").stdout)
    assert [e["origin"] for e in listed] == ["t:3", "t:1", "t:2"]
    event_id = listed[1]["id"]

    shown = sarap("events", "show", event_id, "--json")
    record = json.loads(shown.stdout)
    record["casualties"]["injured"]["unknown"] = 4
    edit_file = tmp_path / "e.json"
    edit_file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert sarap("events", "edit", event_id, edit_file, "-m", "official figure").exit_code == 0

    history = sarap("events", "history", event_id)
    assert "#2 update by tester" in history.stdout and "official figure" in history.stdout
    assert "casualties.injured.unknown: 3 → 4" in history.stdout

    assert sarap("events", "restore", event_id, 1).exit_code == 0
    again = json.loads(sarap("events", "show", event_id, "--json").stdout)
    assert again["casualties"]["injured"]["unknown"] == 3


def test_failed_import_exits_non_zero_with_precise_messages(cli_env, fixtures):
    result = sarap("events", "import", fixtures / "events_bad.csv", "-d", "t")
    assert result.exit_code == 1
    assert "events_bad.csv:2, column 'date_start'" in result.stderr
    assert "nothing written" in result.stderr
    as_json = sarap("events", "import", fixtures / "events_bad.csv", "-d", "t", "--json")
    assert as_json.exit_code == 1
    assert len(json.loads(as_json.stdout)["errors"]) == 4
    assert json.loads(sarap("events", "list", "--json").stdout) == []


def test_missing_column_is_an_error_not_a_traceback(cli_env, fixtures):
    result = sarap("events", "import", fixtures / "events_missing_column.csv", "-d", "t")
    assert result.exit_code == 1
    assert "column 'action_type': required column is missing" in result.stderr


def test_delete_then_list_and_export(cli_env, fixtures, tmp_path):
    sarap("events", "import", fixtures / "events_good.csv", "-d", "t")
    first = json.loads(sarap("events", "list", "--json").stdout)[0]["id"]
    assert sarap("events", "delete", first, "-m", "duplicate").exit_code == 0
    assert len(json.loads(sarap("events", "list", "--json").stdout)) == 2
    out = tmp_path / "a1.docx"
    result = sarap("events", "export", out, "--format", "coded-table-docx", "--action-type", "physical")
    assert result.exit_code == 0 and "wrote 2 rows" in result.stdout and out.stat().st_size > 0
    # these events are no rows of the author's table: said so, nothing written
    result = sarap("events", "export", tmp_path / "author.docx", "--format", "table-a1-docx")
    assert result.exit_code == 1 and "row of the author's table А.1" in result.stderr
    assert not (tmp_path / "author.docx").exists()


def test_codebook_and_regions_print(cli_env):
    book = sarap("codebook", "--lang", "en")
    assert "counter_terrorist_operation" in book.stdout and "Counter-terrorist" in book.stdout
    book = json.loads(sarap("codebook", "--json").stdout)
    assert book["action_types"]["verbal"]["label"]["kk"] == "Вербалды"
    assert len(json.loads(sarap("regions", "--json").stdout)) == 20


def test_gtd_and_acled_files_import_and_their_regions_resolve(cli_env, fixtures):
    gtd = json.loads(sarap("events", "import", fixtures / "gtd_kazakhstan.csv", "--format", "gtd",
                           "-d", "gtd", "--json").stdout)
    acled = json.loads(sarap("events", "import", fixtures / "acled_kazakhstan.csv", "--format",
                             "acled", "-d", "acled", "--json").stdout)
    assert gtd["imported"] == gtd["read"] == 8 and acled["imported"] == acled["read"] == 7
    aktobe = json.loads(sarap("events", "list", "-d", "gtd", "--region", "AKT", "--json").stdout)
    assert aktobe and all(e["places"][0]["region"] == "AKT" for e in aktobe)
    bad = sarap("events", "import", fixtures / "gtd_bad.csv", "--format", "gtd", "-d", "gtd", "--json")
    assert bad.exit_code == 1
    errors = json.loads(bad.stdout)["errors"]
    assert {"iday", "imonth", "nkill", "latitude"} <= {e["column"] for e in errors}


def test_users_and_audit_verify(cli_env, fixtures):
    created = sarap("users", "add", "aigerim", "--agency", "atc", "--role", "editor")
    assert created.exit_code == 0 and "one-time password:" in created.stdout
    sarap("events", "import", fixtures / "events_good.csv", "-d", "t")
    users = json.loads(sarap("users", "list", "--json").stdout)
    assert users == [{"username": "aigerim", "agency": "atc", "role": "editor", "active": True,
                      "must_change_password": True}]
    verified = sarap("audit", "verify")
    assert verified.exit_code == 0 and "audit log intact: 5 entries" in verified.stdout


def test_add_from_yaml_then_find_and_merge_a_duplicate(cli_env, tmp_path):
    event = tmp_path / "e.yaml"
    event.write_text(
        "date: {text: 2011 жылы 12 қараша}\nplaces: [{region: Тараз қаласы}]\n"
        "category: armed_assault\naction_type: physical\nsummary: Кариев Таразда шабуыл жасады\n"
        "sources: [{url: 'https://example.org/taraz'}]\n", encoding="utf-8")
    assert "added event 1" in sarap("events", "add", event, "-d", "mine").stdout
    event.write_text(event.read_text(encoding="utf-8").replace("12 қараша", "13 қараша"), encoding="utf-8")
    assert "added event 2" in sarap("events", "add", event, "-d", "mine").stdout
    found = json.loads(sarap("events", "duplicates", "-d", "mine", "--json").stdout)
    assert [(d["first"], d["second"]) for d in found] == [(1, 2)]
    assert "shared source: https://example.org/taraz" in found[0]["reasons"]
    assert sarap("events", "merge", 1, 2).exit_code == 0
    assert [e["id"] for e in json.loads(sarap("events", "list", "-d", "mine", "--json").stdout)] == [1]
    assert "merge" in sarap("events", "history", 2).stdout


def test_start_loads_the_seed_and_creates_the_first_admin_once(cli_env):
    first = sarap("start", "--no-web")
    assert first.exit_code == 0
    assert "dissertation-2025: 66 events; 66 new" in first.stdout
    assert "library: 38 documents added" in first.stdout and "25 bodies" in first.stdout
    assert "6 linked to existing events" in first.stdout  # the dissertation's exercises
    assert "dissertation-2025-interviews: loaded; 20 respondents" in first.stdout
    assert "user 'admin', one-time password:" in first.stdout
    second = sarap("start", "--no-web")
    assert "66 unchanged" in second.stdout and "one-time password" not in second.stdout
    assert "38 already present" in second.stdout and "6 already" in second.stdout
