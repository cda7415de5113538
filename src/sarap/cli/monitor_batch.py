"""`sarap monitor batch …`: monitoring corpora as files: analyse into a Parquet dataset (in-process or
on Apache Spark), count series on it, load it into the database."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import typer
from rich.table import Table

from sarap.cli.common import acting_user, console, database, err, print_json, reports_errors
from sarap.core.errors import InvalidInput, Problem, SarapError
from sarap.core.partial_dates import iso_day

app = typer.Typer(help="Monitoring corpora as files: analyse to Parquet (local or Spark), series, load.",
                  no_args_is_help=True)
EngineOpt = typer.Option("local", "--engine", help="local (in-process, DuckDB) or spark.")
MasterOpt = typer.Option(None, "--master", help="Spark master, e.g. local[2] or spark://host:7077 "
                         "(default: spark-submit's, else local[*]).")
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")


def _needs(engine: str) -> None:
    if engine not in ("local", "spark"):
        raise InvalidInput([Problem("unknown engine", column="--engine", value=engine,
                                    expected="local or spark")])
    wanted = {"pyarrow": "batch", "duckdb": "batch", **({"pyspark": "spark"} if engine == "spark" else {})}
    missing = [m for m in wanted if importlib.util.find_spec(m) is None]
    if missing:
        extra = "spark" if "pyspark" in missing else "batch"
        raise SarapError(f"the {engine} engine needs {', '.join(missing)}: pip install 'sarap[{extra}]'")


def _spark_failed(exc: Exception) -> SarapError:
    return SarapError(f"Spark did not run: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__} "
                      "(is Java 17 installed? see docs/scale-out.md)")


@app.command("analyse")
@reports_errors
def analyse(
    source_input: str = typer.Argument(..., metavar="INPUT",
                                       help="A .csv, .jsonl or .parquet file, a folder of them, or a glob."),
    out: Path = typer.Option(..., "--out", "-o",
                             help="Folder of the Parquet dataset (an earlier dataset there is replaced)."),
    engine: str = EngineOpt, master: str = MasterOpt,
    source: str = typer.Option(None, help="Source name the items get (default: the input's name)."),
    platform: str = typer.Option("other", help="Platform of items whose record names none."),
    preset: str = typer.Option(None, help="Column mapping preset (e.g. youscan), as for sources."),
    mapping: Path = typer.Option(None, help="Column mapping YAML file, as for sources."),
    maps: list[str] = typer.Option(None, "--map", help="field=Column (repeatable; over the preset)."),
    timezone: str = typer.Option(None, help="Time zone of times without an offset (default Asia/Almaty)."),
    partitions: int = typer.Option(None, help="Spark: partitions the text pipeline runs in."),
    as_json: bool = JsonOpt,
) -> None:
    """Run the text pipeline over export files and write a Parquet dataset partitioned by day (id,
    source, published, language, family keys, content hash, band keys, sentiment, pipeline version)."""
    _needs(engine)
    from sarap.core.settings import load_settings
    from sarap.monitor import files
    from sarap.monitor.batch import engines, inputs
    from sarap.monitor.pseudonyms import Pseudonymiser

    found = inputs.paths(source_input)
    loaded = files.load_mapping(preset_name=preset, mapping_file=mapping, overrides=maps, fmt="jsonl")
    if timezone:
        loaded = files.Mapping.from_dict({**loaded.to_dict(), "timezone": timezone})
    job = engines.Job(tuple(found), out.resolve(), loaded, source or Path(source_input.rstrip("/*")).stem,
                      platform.lower(), Pseudonymiser.in_data_dir(load_settings().data_dir))
    if engine == "local":
        info = engines.run_local(job)
    else:
        try:
            info = engines.run_spark(job, master, partitions)
        except (SarapError, InvalidInput):
            raise
        except Exception as exc:  # Py4J and Spark errors: one line, not a Java stack trace
            raise _spark_failed(exc) from None
    if as_json:
        print_json(info)
    else:
        console.print(f"{info['rows']} items from {len(found)} file(s) analysed ({engine}) into {out}; "
                      f"{info['duplicates']} repeat an earlier item")


def _range(date_from: str | None, date_to: str | None) -> tuple[datetime | None, datetime | None]:
    start, end = iso_day(date_from, "--from"), iso_day(date_to, "--to")
    return (datetime.combine(start, time(), UTC) if start else None,
            datetime.combine(end + timedelta(days=1), time(), UTC) if end else None)


@app.command("series")
@reports_errors
def series_cmd(
    dataset: Path = typer.Argument(..., help="A folder written by `sarap monitor batch analyse`."),
    query: str = typer.Option(..., "--query", "-q",
                              help="Topic query (words, \"phrases\", AND/OR/NOT, NEAR/n)."),
    bucket: str = typer.Option(None, "--bucket", help="hour, day or week (default: by the range)."),
    engine: str = EngineOpt, master: str = MasterOpt,
    date_from: str = typer.Option(None, "--from", help="From this day (YYYY-MM-DD, UTC)."),
    date_to: str = typer.Option(None, "--to", help="Up to and including this day."),
    dups: bool = typer.Option(False, "--include-duplicates", help="Count reposts and copies too."),
    as_json: bool = JsonOpt,
) -> None:
    """Mentions per bucket, share of all items and the interest index, counted on the dataset the way
    `sarap monitor series` counts them in the database."""
    _needs(engine)
    from sarap.monitor.analytics import BUCKETS
    from sarap.monitor.batch.series import series

    if bucket is not None and bucket not in BUCKETS:
        raise InvalidInput([Problem("unknown bucket", column="--bucket", value=bucket,
                                    expected=", ".join(BUCKETS))])
    start, end = _range(date_from, date_to)
    try:
        found = series(dataset, query, bucket=bucket, engine=engine, master=master,
                       include_duplicates=dups, start=start, end=end)
    except (SarapError, InvalidInput, ValueError):
        raise
    except Exception as exc:
        if engine != "spark":
            raise
        raise _spark_failed(exc) from None
    if as_json:
        print_json(found.to_dict())
        return
    table = Table("start", "mentions", "all items", "share", "index",
                  title=f"{query}: {found.mentions} mentions of {found.total} items, "
                        f"{found.unique_authors} authors")
    for p in found.points:
        table.add_row(p.start.isoformat(), str(p.count), str(p.total), f"{p.share:.4f}", str(p.index))
    console.print(table)


@app.command("load")
@reports_errors
def load_cmd(dataset: Path = typer.Argument(..., help="A folder written by `sarap monitor batch analyse`."),
             as_json: bool = JsonOpt) -> None:
    """Load the analysed items into the database: what is there already is skipped, duplicates are
    linked to their first item as ingest links them, and a stopped load resumes where it stopped."""
    _needs("local")
    from sarap.monitor.batch.load import load

    report = load(database(), dataset, actor=acting_user(),
                  progress=lambda n: err.print(f"\r{n} items", end="") if not as_json else None)
    if not as_json:
        err.print("")
        console.print(f"{report.source}: read {report.read}, added {report.added} "
                      f"({report.duplicates} duplicates), already there {report.skipped}")
    else:
        print_json(report.to_dict())
