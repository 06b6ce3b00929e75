#!/usr/bin/env python3
"""Runs the tutorial's own numpy code and `rnncalc bench` back to back on this machine and prints a ratio table.

The tutorial's code is not kept in this repository: it is read at run time from the tutorial's markdown (the
python block under its "完整代码" heading) and executed unchanged under apt's numpy, timed around the exec.
Start-up is timed too when the native executable has been published (dotnet publish src/RnnCalc.Cli -c Release -o
artifacts/publish): `rnncalc calc "200 - 57"` end to end beside `/usr/bin/python3 -c 'print(200-57)'`, alternating.
Usage: bench/compare/compare.py [--runs N] [--tutorial PATH] [--rnncalc CMD...] [--native PATH] [--starts N]
"""
import argparse
import contextlib
import io
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_TUTORIAL = os.path.join(ROOT, "..", "shared", "reference", "tutorial-rnn-subtraction.md")
UPDATES = 10_000  # the tutorial's loop count


def tutorial_code(path):
    """The complete program: the first python block after the "完整代码" heading."""
    text = open(path, encoding="utf-8").read()
    heading = text.index("完整代码")
    match = re.search(r"```python\n(.*?)```", text[heading:], re.S)
    if not match:
        sys.exit(f"compare: no python block after 完整代码 in {path}")
    return match.group(1)


def numpy_child(path):
    """In a child interpreter: run the code once, print the seconds it took (numpy already imported)."""
    import numpy  # noqa: F401  (import cost stays outside the timing)

    code = compile(tutorial_code(path), "tutorial.py", "exec")
    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        exec(code, {"__name__": "__main__"})
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "numpy": numpy.__version__, "python": platform.python_version(),
                      "lines": sink.getvalue().count("\n")}))


def run_numpy(path, runs):
    env = dict(os.environ)
    # Set on some processors to work around old OpenBLAS builds; they slow a current numpy, so not for this run.
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    times, version, python = [], "?", "?"
    for _ in range(runs):
        out = subprocess.run(["/usr/bin/python3", os.path.abspath(__file__), "--numpy-child", path],
                             env=env, check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        times.append(result["seconds"])
        version, python = result["numpy"], result["python"]
    return statistics.median(times), f"{version}, python {python}"


def run_rnncalc(command):
    out = subprocess.run(command + ["bench", "--format", "json"], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def wall_ms(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def run_startup(native, starts):
    """Median wall times (ms) of the native calc and of python's start, run alternately so both see the same load."""
    calc = [native, "calc", "200 - 57"]
    python = ["/usr/bin/python3", "-c", "print(200-57)"]
    wall_ms(calc)  # the first call verifies the default network and caches the verdict, as any first use does
    ours, theirs = [], []
    for _ in range(starts):
        ours.append(wall_ms(calc))
        theirs.append(wall_ms(python))
    return statistics.median(theirs), statistics.median(ours)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="numpy runs (the median is used)")
    parser.add_argument("--tutorial", default=DEFAULT_TUTORIAL, help="the tutorial's markdown")
    parser.add_argument("--rnncalc", default="dotnet run -c Release --project src/RnnCalc.Cli --",
                        help="how to start rnncalc (run from the repository root)")
    parser.add_argument("--native", default=os.path.join(ROOT, "artifacts", "publish", "rnncalc"),
                        help="the native executable, for the start-up row (skipped when it is missing)")
    parser.add_argument("--starts", type=int, default=50, help="start-up runs of each (the median is used)")
    parser.add_argument("--numpy-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.numpy_child:
        numpy_child(args.numpy_child)
        return

    if not os.path.exists(args.tutorial):
        sys.exit(f"compare: tutorial not found at {args.tutorial} (use --tutorial)")
    print(f"numpy: running the tutorial's code {args.runs}× ...", file=sys.stderr)
    seconds, numpy_version = run_numpy(args.tutorial, args.runs)
    print("rnncalc: bench ...", file=sys.stderr)
    bench = run_rnncalc(shlex.split(args.rnncalc))
    startup = None
    if os.access(args.native, os.X_OK):
        print(f"start-up: {args.native} calc and python3, {args.starts}× each ...", file=sys.stderr)
        startup = run_startup(args.native, args.starts)

    numpy_rate = UPDATES / seconds
    solved_at = bench.get("solvedAt") or UPDATES
    # numpy's time to solve: its training time to the same update (the same arithmetic, so the same network),
    # without any checking; ours includes the exhaustive checks.
    numpy_solve_ms = solved_at / numpy_rate * 1000
    rows = [
        ("training updates/s, exact", f"{numpy_rate:,.0f}", f"{bench['trainUpdatesPerSecond']:,.0f}",
         bench["trainUpdatesPerSecond"] / numpy_rate),
        ("training updates/s, --fast", f"{numpy_rate:,.0f}", f"{bench['fastUpdatesPerSecond']:,.0f}",
         bench["fastUpdatesPerSecond"] / numpy_rate),
        (f"tutorial run ({UPDATES:,} updates), ms", f"{seconds * 1000:,.1f}",
         f"{UPDATES / bench['trainUpdatesPerSecond'] * 1000:,.2f}", seconds * bench["trainUpdatesPerSecond"] / UPDATES),
        (f"time to solve (seed 0, {solved_at:,} updates), ms", f"{numpy_solve_ms:,.1f}",
         f"{bench['timeToSolveMs']:,.2f}", numpy_solve_ms / bench["timeToSolveMs"]),
    ]
    sweep = bench.get("sweep")
    if sweep:
        # numpy trains one network at a time: its sweep is its training time for the same updates, checks left out.
        numpy_sweep_ms = sweep["updates"] / numpy_rate * 1000
        rows += [
            (f"sweep network-updates/s (seeds 0–{sweep['seeds'] - 1}, one core, checks included)", f"{numpy_rate:,.0f}",
             f"{sweep['networkUpdatesPerSecond']:,.0f}", sweep["networkUpdatesPerSecond"] / numpy_rate),
            (f"sweep --seeds 0..{sweep['seeds'] - 1} --prove false ({sweep['updates']:,} updates), ms",
             f"{numpy_sweep_ms:,.1f}", f"{sweep['allCoresMs']:,.2f}", numpy_sweep_ms / sweep["allCoresMs"]),
        ]
    if startup is not None:
        python_ms, native_ms = startup
        rows.append(('start-up: native `calc "200 - 57"` vs `python3 -c \'print(200-57)\'`, ms',
                     f"{python_ms:,.1f}", f"{native_ms:,.1f}", python_ms / native_ms))
    print(f"machine: {bench.get('processor', platform.processor())}, {bench['cores']} cores; "
          f"numpy {numpy_version} (/usr/bin/python3); rnncalc on {bench['runtime']}")
    print(f"exhaustive 8-bit evaluation (rnncalc only): tutorial range {bench['exhaustiveEvalMs']['tutorial']:.2f} ms, "
          f"full range {bench['exhaustiveEvalMs']['full']:.2f} ms")
    print()
    width = max(len(r[0]) for r in rows)
    print(f"| {'measurement'.ljust(width)} | {'numpy':>12} | {'rnncalc':>12} | {'ratio':>8} |")
    print(f"|{'-' * (width + 2)}|{'-' * 14}|{'-' * 14}|{'-' * 10}|")
    for name, ours_numpy, ours, ratio in rows:
        shown = f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2g}"
        print(f"| {name.ljust(width)} | {ours_numpy:>12} | {ours:>12} | {shown:>7}× |")


if __name__ == "__main__":
    main()
