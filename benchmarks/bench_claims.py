"""``afmap check`` and ``afmap render`` before and after the claims form, in one run.

Before: the code of the last commit with the period form (``BEFORE``, checked
out into a temporary git worktree) on the shipped history as it was then
(``tests/data/period-form``). After: this checkout on today's shipped history.
Also: this checkout on the period-form files, which still load.

Each case is run as a user runs it (a fresh ``python -m afmap`` process) and
timed as CPU time of the child (user + system), best of ``--runs``; the ratio
after/before is printed. Run from the repository root::

    .venv/bin/python benchmarks/bench_claims.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "85e7846"  # main before the claims form
PERIOD_FORM = ROOT / "tests" / "data" / "period-form" / "shipped-2026-12-01.tar.gz"
GEODATA = ROOT / "geodata" / "provinces.geojson"


def cpu_seconds(src: Path, args: list[str], cwd: Path) -> float:
    """CPU time of one ``afmap ARGS`` run with ``src`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "afmap", *args], cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(src: Path, args: list[str], cwd: Path, runs: int) -> float:
    return min(cpu_seconds(src, args, cwd) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="afmap-bench-") as tmp:
        work = Path(tmp)
        old_tree = work / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(old_tree), BEFORE], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            old_data = work / "period-form"
            with tarfile.open(PERIOD_FORM) as tar:
                tar.extractall(old_data, filter="data")
            cases = [
                ("before: period-form code and data", old_tree / "src", old_data),
                ("after: claims code, claims data", ROOT / "src", ROOT / "scenarios"),
                ("after: claims code, period-form data", ROOT / "src", old_data),
            ]
            print(f"CPU seconds, best of {runs} (a fresh process each)")
            print(f"{'case':40} {'check':>8} {'render':>8} {'render --year':>14} "
                  f"{'timeline kB':>12} {'1998 kB':>8}")
            results = []
            for name, src, data in cases:
                out = work / "out"
                check = best(src, ["check", str(data), "--geodata", str(GEODATA)], work, runs)
                render = best(src, ["render", "--scenario", str(data), "--geodata", str(GEODATA),
                                    "--out", str(out / "t.html")], work, runs)
                year = best(src, ["render", "--year", "1998", "--scenario", str(data),
                                  "--geodata", str(GEODATA), "--out", str(out / "y.html")],
                            work, runs)
                results.append((check, render, year))
                sizes = [(out / f).stat().st_size / 1000 for f in ("t.html", "y.html")]
                print(f"{name:40} {check:8.2f} {render:8.2f} {year:14.2f} {sizes[0]:12.0f} "
                      f"{sizes[1]:8.0f}")
            base = results[0]
            for (name, _, _), row in zip(cases[1:], results[1:]):
                ratios = "  ".join(f"{r / b:.2f}x" for r, b in zip(row, base))
                print(f"{name:40} ratio to before: {ratios}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT,
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
