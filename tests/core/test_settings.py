from pathlib import Path

from sarap.core.settings import load_settings


def test_defaults_put_sqlite_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SARAP_DATA_DIR", raising=False)
    monkeypatch.delenv("SARAP_DATABASE_URL", raising=False)
    settings = load_settings()
    assert settings.data_dir == Path("data")
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'sarap.db'}"


def test_sarap_toml_is_read_and_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SARAP_DATABASE_URL", raising=False)
    monkeypatch.delenv("SARAP_DATA_DIR", raising=False)
    (tmp_path / "sarap.toml").write_text(
        '[sarap]\ndata_dir = "/srv/sarap"\ndatabase_url = "postgresql+psycopg://u@h/db"\n')
    assert load_settings().data_dir == Path("/srv/sarap")
    assert load_settings().database_url == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("SARAP_DATABASE_URL", "sqlite:////tmp/x.db")
    assert load_settings().database_url == "sqlite:////tmp/x.db"


def test_sqlite_is_opened_in_wal_mode_with_foreign_keys(db):
    if not db.url.startswith("sqlite"):
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
