"""More fuzz cases than the suite runs: every event reader with N mutated files (default 2,000
per format) and the shared validator with N/2 Hypothesis examples. Prints cases and seconds.

    python bench/fuzz_importers.py [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    cases = sys.argv[1] if len(sys.argv) > 1 else "2000"
    env = {**os.environ, "SARAP_FUZZ_CASES": cases}
    env.pop("SARAP_TEST_DATABASE_URL", None)
    start = time.perf_counter()
    code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "--durations=0", str(ROOT / "tests/reliability/test_fuzz_importers.py")],
                           env=env, cwd=ROOT)
    print(f"{cases} cases per format (7 formats), {int(cases) // 2} validator examples: "
          f"{'all passed' if code == 0 else 'FAILURES'} in {time.perf_counter() - start:.0f} s")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
