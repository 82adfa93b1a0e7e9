#!/usr/bin/env python3
"""Times a batch: 100 variants of the example's weekly brief rendered by one `report render`
with a matrix, against the same 100 briefs rendered by 100 separate `report render --set`
processes, and checks that both ways write the same bytes.

The spec (written into the work folder beside a copy of Reports/raqqa-2017) extends
weekly.json with a matrix of 8 places by 13 weeks less 4 (100 variants; each a 1–2 page
PDF: a Markdown text file, a table of the week's rows, eight weeks of stacked bars). Both
ways run on the release binary as whole processes, in turn, round by round (round 0 warms
the caches and is not counted):

- one process, `--jobs 1`, against 100 processes one after another;
- one process, `--jobs 2`, against 100 processes two at a time (this machine's cores).

Target (issue 15): the batch takes at most 0.25x the time of the separate processes.

usage: Benchmarks/batch.py [--runs N] [--work DIR] [--binary PATH]
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, release_binary  # noqa: E402

PLACES = ["Ain Issa", "Raqqa", "Suluk", "Tabqa", "Mansoura", "al-Karamah", "Maadan", "Jaabar"]
WEEKS = [(datetime.date(2017, 1, 2) + datetime.timedelta(weeks=k)).isoformat() for k in range(13)]


def variants():
    """The 100 (place, week) pairs, in the matrix's order (places outermost)."""
    return [(p, w) for p in PLACES for w in WEEKS][:100]


def write_spec(work):
    example = os.path.join(work, "raqqa-2017")
    if os.path.exists(example):
        shutil.rmtree(example)
    shutil.copytree(os.path.join(ROOT, "Reports", "raqqa-2017"), example, ignore=shutil.ignore_patterns("out"))
    matrix = [{"place": p, "week": w} for p, w in variants()]
    # A list replaces weekly.json's matrix (an object would merge with it): exactly these 100.
    spec = {"report": 1, "extends": "weekly.json", "matrix": matrix, "outputs": [{"file": "out/batch/{{place}}-{{week}}.pdf"}]}
    path = os.path.join(example, "batch.json")
    with open(path, "w") as f:
        json.dump(spec, f, indent=1)
    return example, path


def digest(folder):
    """sha256 over every file of the folder, sorted by name."""
    h = hashlib.sha256()
    names = sorted(os.listdir(folder))
    for name in names:
        h.update(name.encode())
        with open(os.path.join(folder, name), "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return len(names), h.hexdigest()[:16]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "report-bench-batch"))
    parser.add_argument("--binary", help="time this build of report instead of building the static release binary")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    binary = release_binary(args.binary)
    example, spec = write_spec(args.work)
    fonts = os.path.join(ROOT, "Fonts")
    env = dict(os.environ, SOURCE_DATE_EPOCH="")

    def out_dir(name):
        d = os.path.join(args.work, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def batch(jobs):
        d = out_dir(f"batch-{jobs}")
        subprocess.run([binary, "render", spec, "--quiet", "--fonts", fonts, "--jobs", str(jobs), "--out-dir", d],
                       check=True, env=env, cwd=example)
        return d

    def separate(parallel):
        d = out_dir(f"separate-{parallel}")

        def one(pair):
            place, week = pair
            subprocess.run([binary, "render", spec, "--quiet", "--fonts", fonts, "--jobs", "1", "--out-dir", d,
                            "--set", f"place={place}", "--set", f"week={week}"], check=True, env=env, cwd=example)
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(one, variants()))
        return d

    ways = {"matrix --jobs 1": lambda: batch(1), "100 processes, one at a time": lambda: separate(1),
            "matrix --jobs 2": lambda: batch(2), "100 processes, two at a time": lambda: separate(2)}
    times = {name: [] for name in ways}
    outputs = {}
    for round in range(args.runs + 1):
        for name, run in ways.items():
            start = time.perf_counter()
            folder = run()
            elapsed = time.perf_counter() - start
            if round > 0:
                times[name].append(elapsed)
            outputs[name] = digest(os.path.join(folder, "out", "batch"))
        print(f"round {round} done", file=sys.stderr)
    first = next(iter(outputs.values()))
    for name, found in outputs.items():
        if found != first:
            raise SystemExit(f"{name} wrote other bytes: {found} against {first}")
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"\n100 variants of Reports/raqqa-2017/weekly.json (8 places x 13 weeks, first 100), {first[0]} PDFs, "
          f"the same bytes every way (digest {first[1]}); median of {args.runs} rounds, whole processes:\n")
    print("| way | median s | min s | max s |")
    print("|---|---:|---:|---:|")
    for name, t in times.items():
        print(f"| {name} | {med[name]:.2f} | {min(t):.2f} | {max(t):.2f} |")
    for jobs, parallel in ((1, "one at a time"), (2, "two at a time")):
        ratio = med[f"matrix --jobs {jobs}"] / med[f"100 processes, {parallel}"]
        print(f"\nmatrix --jobs {jobs} / 100 processes {parallel}: {ratio:.2f}x (target at most 0.25x)")


if __name__ == "__main__":
    main()
