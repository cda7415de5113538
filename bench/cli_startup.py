"""CPU of `sarap --help` and `sarap events list --help` against `python -c "import typer"`, measured
in the same run (user + system CPU of the child processes, best of N). Target: within 5×.

Run: .venv/bin/python bench/cli_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = {
    "import typer": [sys.executable, "-c", "import typer"],
    "sarap --help": [sys.executable, "-m", "sarap.cli.main", "--help"],
    "sarap events list --help": [sys.executable, "-m", "sarap.cli.main", "events", "list", "--help"],
}


def cpu_seconds(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "100"}
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    best = {name: min(cpu_seconds(argv) for _ in range(runs)) for name, argv in COMMANDS.items()}
    reference = best["import typer"]
    print(f"reference `python -c \"import typer\"`: {reference:.3f} s CPU (best of {runs})")
    for name, seconds in best.items():
        if name != "import typer":
            print(f"{name}: {seconds:.3f} s CPU = {seconds / reference:.1f}× the reference (target ≤ 5×)")


if __name__ == "__main__":
    main()
