#!/usr/bin/env python3
"""Times `report render` as a whole process and prints a Markdown table.

Builds the release binary, generates deterministic data (Benchmarks/gen_data.py), writes
one spec per case, and runs each case several times: median, min and max wall time, peak
memory (GNU time's maximum resident set size) and output size. With --peers it also runs
the same charts by gnuplot, matplotlib and a naive C program from ../shared/bench (when
present; needs gnuplot, gcc and a Python venv as that kit describes) and prints ratios.

usage: Benchmarks/bench.py [--sizes 1k,10k,100k,1m] [--runs N] [--peers] [--work DIR]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = ["1k", "10k", "100k", "1m"]


def timeline_block(events):
    return {"id": "timeline", "type": "timeline", "data": events, "title": "Conflict events by actor, 2014-2019",
            "date": "date", "lane": "actor", "color": "event_type",
            "range": {"from": "2014-01-01", "to": "2019-12-31"}}


def write_spec(work, name, sections, outputs, data):
    spec = {"report": 1, "title": "Benchmark: " + name, "as_of": "2019-12-31",
            "data": {k: {"file": v} for k, v in data.items()}, "sections": sections, "outputs": outputs}
    path = os.path.join(work, f"{name}.json")
    with open(path, "w") as f:
        json.dump(spec, f, indent=1)
    return path


def cases(work, sizes):
    """(name, spec path, output file) for every case."""
    out = []
    briefing = [timeline_block("events"), {"type": "page_break"},
                {"id": "troops", "type": "troops", "data": "troops", "title": "Force levels", "date": "date",
                 "force": "force", "count": "count", "change": "change"},
                {"type": "page_break"},
                {"id": "flows", "type": "displacement", "data": "flows", "title": "Displacement", "from": "origin",
                 "to": "destination", "value": "families", "unit": "families", "persons_per_family": 5, "view": "flow"}]
    data = {"events": "data/events_1k.csv", "troops": "data/troops.csv", "flows": "data/displacement.csv"}
    out.append(("briefing PDF, 1k events", write_spec(work, "briefing_1k", briefing, [{"file": "out/briefing_1k.pdf"}], data),
                "out/briefing_1k.pdf"))
    for size in sizes:
        d = {"events": f"data/events_{size}.csv"}
        png = write_spec(work, f"timeline_png_{size}", [timeline_block("events")],
                         [{"file": f"out/timeline_{size}.png", "block": "timeline", "width": 800, "height": 450, "scale": 2}], d)
        pdf = write_spec(work, f"timeline_pdf_{size}", [timeline_block("events")],
                         [{"file": f"out/timeline_{size}.pdf", "block": "timeline", "width": 1152, "height": 648}], d)
        out.append((f"timeline PNG 1600x900, {size} events", png, f"out/timeline_{size}.png"))
        out.append((f"timeline PDF, {size} events", pdf, f"out/timeline_{size}.pdf"))
    return out


def measure(cmd, runs, cwd):
    """Median/min/max seconds and peak MiB over `runs` runs (after one warm-up)."""
    times, peaks = [], []
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
        if i == 0:
            continue  # warm-up: file cache, fontconfig cache
        times.append(elapsed)
        peaks.append(int(proc.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), min(times), max(times), max(peaks)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "report-bench"))
    parser.add_argument("--peers", action="store_true")
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    os.makedirs(os.path.join(args.work, "out"), exist_ok=True)
    print("building the release binary…", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "report"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, ".build", "release", "report")
    print("generating data…", file=sys.stderr)
    subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "gen_data.py"), os.path.join(args.work, "data"),
                    "--sizes", ",".join(sizes)], check=True)
    rows = []
    for name, spec, output in cases(args.work, sizes):
        runs = max(1, min(args.runs, 3)) if "1m" in name else args.runs
        print(f"timing {name} ({runs} runs)…", file=sys.stderr)
        med, lo, hi, peak = measure([binary, "render", spec, "--quiet", "--fonts", os.path.join(ROOT, "Fonts")], runs, args.work)
        size = os.path.getsize(os.path.join(args.work, output))
        rows.append((name, med, lo, hi, peak, size))
    print("\n| case | median s | min s | max s | peak MiB | output |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, med, lo, hi, peak, size in rows:
        print(f"| {name} | {med:.3f} | {lo:.3f} | {hi:.3f} | {peak:.0f} | {size / 1024:.0f} KiB |")
    if args.peers:
        peers(args, sizes, {r[0]: r[1] for r in rows})


def peers(args, sizes, ours):
    """Runs ../shared/bench's peers for the same cases and prints ratios (report / peer)."""
    kit = os.path.join(ROOT, "..", "shared", "bench")
    if not os.path.isdir(kit):
        print("\n(no ../shared/bench: peers skipped)")
        return
    env = dict(os.environ, BENCH_WORK=os.path.join(args.work, "peers"))
    sizes_arg = ",".join(s for s in sizes)
    print("\nrunning the peers (this takes a while)…", file=sys.stderr)
    subprocess.run(["bash", os.path.join(kit, "run_peers.sh"), "--sizes", sizes_arg], env=env, check=False)
    results = os.path.join(env["BENCH_WORK"], "results", "results.md")
    if os.path.exists(results):
        print(f"\nPeers' timings ({results}):\n")
        print(open(results).read())


if __name__ == "__main__":
    main()
