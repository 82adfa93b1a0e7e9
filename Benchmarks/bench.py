#!/usr/bin/env python3
"""Times `report render` as a whole process and prints a Markdown table.

Builds the release binary, generates deterministic data (Benchmarks/gen_data.py), writes
one spec per case, and runs each case several times: median, min and max wall time, peak
memory (GNU time's maximum resident set size) and output size. With --peer-kit KIT --peers
it also runs the same charts by gnuplot, matplotlib and a naive C program from a peers kit
(KIT: a folder with run_peers.sh and bench_matrix.py; it is not part of this repository and
needs gnuplot-nox, hyperfine, gcc and a Python venv as the kit describes) on the same data,
and prints each case's time and memory as ratios to theirs. Without a kit, report is timed
alone.

With --peer-kit KIT --head-to-head DIR (DIR: a peers run, for its data and scripts) it races
report against gnuplot and the C program on the 1k-event cases, alternating the three run
by run: at 1k events a run takes tens of milliseconds and this machine's noise moves whole
minutes up or down by a fifth, so only runs interleaved this way give a fair ratio.

With --versus OTHER it races another build of report (built the same way: same linking,
same flags) against this one on every case, interleaved, and checks both write the same
bytes: the measure of a refactoring that must make nothing slower.

The weekly case ("events per week by event type", a stacked bar PNG with `"aggregate":
"count"`, `"time_unit": "week"`, `"series": "event_type"`) is raced against two peers that
compute the same table from the same CSV, each a script in this folder: DuckDB running the
GROUP BY (weekly_duckdb.py) and pandas (weekly_pandas.py: read_csv, ISO week, groupby
count). The three programs run in turn, round by round, as whole processes, with peak
memory from GNU time. Each peer prints its row total, its number of (week, type) groups and
a digest of the table; bench.py checks them against its own count of the CSV (standard
library, cached beside the data) and stops on a mismatch. report's table is checked by
Tests/ReportKitTests/WeeklyBenchmarkTests.swift against the same numbers on the 10k file.
A peer whose module is missing from --peer-python's Python is skipped with a note.

The watch case (watch_latency.py) times `report watch` on the example report, from each of
30 saved edits of the spec to the rewritten PDF, against issue 15's target of 150 ms.

usage: Benchmarks/bench.py [--sizes 1k,10k,100k,1m] [--runs N] [--work DIR] [--binary PATH]
                           [--cases timeline,weekly,watch] [--edits N] [--peer-python PYTHON]
                           [--peers | --peer-results DIR]   (DIR: an earlier peers run)
                           [--head-to-head DIR] [--rounds N] [--versus OTHER]
  (sizes: 1k 10k 100k 1m 10m; 10m is 585 MB of CSV and takes gen_data.py a minute or two)
"""
import argparse
import collections
import datetime
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time

import watch_latency

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = ["1k", "10k", "100k", "1m"]


def timeline_block(events):
    return {"id": "timeline", "type": "timeline", "data": events, "title": "Conflict events by actor, 2014-2019",
            "date": "date", "lane": "actor", "color": "event_type",
            "range": {"from": "2014-01-01", "to": "2019-12-31"}}


def weekly_block(events):
    return {"id": "weekly", "type": "chart", "data": events, "title": "Events per week by event type",
            "mark": "bar", "x": "date", "time_unit": "week", "aggregate": "count", "series": "event_type", "stack": True}


def weekly_spec(work, data_dir, size):
    """(spec path, output) of the weekly case at `size`."""
    output = f"out/weekly_{size}.png"
    spec = write_spec(work, f"weekly_png_{size}", [weekly_block("events")],
                      [{"file": output, "block": "weekly", "width": 800, "height": 450, "scale": 2}],
                      {"events": f"{data_dir}/events_{size}.csv"})
    return spec, output


def write_spec(work, name, sections, outputs, data):
    spec = {"report": 1, "title": "Benchmark: " + name, "as_of": "2019-12-31",
            "data": {k: {"file": v} for k, v in data.items()}, "sections": sections, "outputs": outputs}
    path = os.path.join(work, f"{name}.json")
    with open(path, "w") as f:
        json.dump(spec, f, indent=1)
    return path


def header(path):
    with open(path) as f:
        return f.readline().strip().split(",")


def cases(work, data_dir, sizes, kinds=("timeline", "weekly")):
    """(name, key, spec path, output file) for every case; key matches the peers' results."""
    out = []
    if "timeline" not in kinds:
        return [(f"weekly bars PNG 1600x900, {size} events", (size, "weekly"), *weekly_spec(work, data_dir, size))
                for size in sizes] if "weekly" in kinds else []
    troops = {"id": "troops", "type": "troops", "data": "troops", "title": "Force levels", "date": "date",
              "force": "force", "count": "count"}
    if "change" in header(os.path.join(data_dir, "troops.csv")):
        troops["change"] = "change"
    briefing = [timeline_block("events"), {"type": "page_break"}, troops,
                {"type": "page_break"},
                {"id": "flows", "type": "displacement", "data": "flows", "title": "Displacement", "from": "origin",
                 "to": "destination", "value": "families", "unit": "families", "persons_per_family": 5, "view": "flow"}]
    data = {"events": f"{data_dir}/events_1k.csv", "troops": f"{data_dir}/troops.csv", "flows": f"{data_dir}/displacement.csv"}
    out.append(("3-page briefing PDF, 1k events", ("brief-1k", "pdf"),
                write_spec(work, "briefing_1k", briefing, [{"file": "out/briefing_1k.pdf"}], data), "out/briefing_1k.pdf"))
    for size in sizes:
        d = {"events": f"{data_dir}/events_{size}.csv"}
        png = write_spec(work, f"timeline_png_{size}", [timeline_block("events")],
                         [{"file": f"out/timeline_{size}.png", "block": "timeline", "width": 800, "height": 450, "scale": 2}], d)
        pdf = write_spec(work, f"timeline_pdf_{size}", [timeline_block("events")],
                         [{"file": f"out/timeline_{size}.pdf", "block": "timeline", "width": 1152, "height": 648}], d)
        out.append((f"timeline PNG 1600x900, {size} events", (size, "png"), png, f"out/timeline_{size}.png"))
        out.append((f"timeline PDF, {size} events", (size, "pdf"), pdf, f"out/timeline_{size}.pdf"))
        if "weekly" in kinds:
            out.append((f"weekly bars PNG 1600x900, {size} events", (size, "weekly"), *weekly_spec(work, data_dir, size)))
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


def release_binary(given=None):
    """The binary to time: `given`, else the static release build (built now)."""
    if given:
        return os.path.abspath(given)
    print("building the release binary…", file=sys.stderr)
    # Swift's runtime and Foundation linked statically: dynamic symbol lookup was about a
    # tenth of a small render, and start-up is most of a 1k-event chart's time.
    subprocess.run(["swift", "build", "-c", "release", "--product", "report", "--scratch-path", ".build-static",
                    "-Xswiftc", "-static-stdlib"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build-static", "release", "report")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default="timeline,weekly", help="timeline (the timeline PNG and PDF, and the 1k briefing), "
                        "weekly (events per week by type, raced against DuckDB and pandas), watch (report watch: "
                        "from a saved edit to the rewritten PDF), or several, comma-separated")
    parser.add_argument("--edits", type=int, default=30, help="saved edits timed by the watch case (default 30)")
    parser.add_argument("--peer-python", default=sys.executable, help="the Python that runs the weekly peers "
                        "(one with duckdb and pandas installed; default: this one)")
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "report-bench"))
    parser.add_argument("--peer-kit", metavar="KIT", help="a peers kit (run_peers.sh, bench_matrix.py), for --peers and --head-to-head")
    parser.add_argument("--peers", action="store_true", help="run the peer kit's programs first (about 12 minutes with 1m)")
    parser.add_argument("--peer-results", help="the BENCH_WORK folder of an earlier peers run, to compare against")
    parser.add_argument("--head-to-head", metavar="DIR", help="a peers run's BENCH_WORK: race the 1k cases, interleaved")
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds per 1k case (default 21)")
    parser.add_argument("--binary", help="time this build of report instead of building the static release binary")
    parser.add_argument("--versus", metavar="BINARY", help="another build of report (say, the last release): race it against "
                        "this one case by case, interleaved, checking that both write the same bytes")
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    kinds = [k for k in args.cases.split(",") if k]
    if any(k not in ("timeline", "weekly", "watch") for k in kinds):
        raise SystemExit(f"--cases: expected timeline, weekly or watch, got {args.cases}")
    os.makedirs(os.path.join(args.work, "out"), exist_ok=True)
    binary = release_binary(args.binary)
    peer_work = args.peer_results
    if args.peers:
        peer_work = run_peers(args, sizes)
    if peer_work:
        data_dir = os.path.join(peer_work, "data")  # the very rows the peers drew
    elif kinds == ["watch"] and not args.versus and not args.head_to_head:
        data_dir = None  # the watch case renders the example report, with its own data
    else:
        data_dir = os.path.join(args.work, "data")
        print("generating data…", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "gen_data.py"), data_dir,
                        "--sizes", ",".join(sizes)], check=True)
    rows = []
    for name, key, spec, output in cases(args.work, data_dir, sizes, ["timeline"] if "timeline" in kinds else []):
        runs = max(1, min(args.runs, 3)) if "1m" in name or "10m" in name else args.runs
        print(f"timing {name} ({runs} runs)…", file=sys.stderr)
        # --root /: the data may live in the peers' folder, outside the specs' folder.
        med, lo, hi, peak = measure([binary, "render", spec, "--quiet", "--root", "/", "--fonts", os.path.join(ROOT, "Fonts")],
                                    runs, args.work)
        size = os.path.getsize(os.path.join(args.work, output))
        rows.append((name, key, med, lo, hi, peak, size))
    peers = load_peer_results(peer_work) if peer_work else {}
    names = ["gnuplot", "matplotlib", "cairo floor (C)"]
    if not rows:
        peers = {}
    if rows:
        print("\n| case | median s | min s | max s | peak MiB | output |" + "".join(f" vs {n} |" for n in names if peers))
        print("|---|---:|---:|---:|---:|---:|" + "".join("---:|" for n in names if peers))
    for name, key, med, lo, hi, peak, size in rows:
        line = f"| {name} | {med:.3f} | {lo:.3f} | {hi:.3f} | {peak:.0f} | {size / 1024:.0f} KiB |"
        if peers:
            for n in names:
                p = peers.get((key, n))
                line += f" {med / p[0]:.2f}× ({p[0]:.3f} s, {p[1]:.0f} MiB) |" if p else " — |"
        print(line)
    if peers:
        print("\nRatios are report's median time divided by the peer's, on the same data in the same run "
              "(below 1 means report is faster).")
    if "weekly" in kinds:
        weekly(args, binary, data_dir, sizes)
    if "watch" in kinds:
        watch_latency.run(binary, args.work, args.edits)
    if args.head_to_head:
        head_to_head(args, binary, args.head_to_head)
    if args.versus:
        versus(args, binary, os.path.abspath(args.versus), data_dir, sizes)


def versus(args, binary, other, data_dir, sizes):
    """Races `other` against this build on every case, alternating which runs first each
    round: the fair way to say whether a change made report slower on a noisy machine."""
    print(f"\nThis build against {other}: {args.rounds} rounds per case (11 for 1m), interleaved "
          "(median seconds; ratio = this / other, below 1 means this build is faster)\n")
    print("| case | this | other | ratio | same bytes |")
    print("|---|---:|---:|---:|---|")
    fonts = os.path.join(ROOT, "Fonts")
    for name, _, spec, output in cases(args.work, data_dir, sizes, [k for k in args.cases.split(",") if k]):
        rounds = min(args.rounds, 11) if "1m" in name else min(args.rounds, 3) if "10m" in name else args.rounds
        argv = {b: [b, "render", spec, "--quiet", "--root", "/", "--fonts", fonts] for b in (binary, other)}
        outputs, times = {}, {binary: [], other: []}
        print(f"racing {name}…", file=sys.stderr)
        for round in range(rounds + 1):
            for b in ((binary, other) if round % 2 else (other, binary)):
                start = time.perf_counter()
                subprocess.run(argv[b], cwd=args.work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                if round > 0:  # round 0 warms the file cache
                    times[b].append(time.perf_counter() - start)
                with open(os.path.join(args.work, output), "rb") as f:
                    outputs[b] = f.read()
        this, that = statistics.median(times[binary]), statistics.median(times[other])
        same = "yes" if outputs[binary] == outputs[other] else "**no**"
        print(f"| {name} | {this:.3f} | {that:.3f} | {this / that:.2f}× | {same} |")


WEEKLY_PEERS = [("DuckDB", "duckdb", "weekly_duckdb.py"), ("pandas", "pandas", "weekly_pandas.py")]


def weekly(args, binary, data_dir, sizes):
    """Races report's weekly chart against the peers that compute its table, size by size:
    every round runs each program once as a whole process (the order turning round by
    round; round 0 warms the file cache and is not counted), and each peer's printed table
    is checked against bench.py's own count of the file."""
    peers = []
    for name, module, script in WEEKLY_PEERS:
        found = subprocess.run([args.peer_python, "-c", f"import {module}"], capture_output=True).returncode == 0
        if found:
            peers.append((name, [args.peer_python, os.path.join(ROOT, "Benchmarks", script)]))
        else:
            print(f"note: {name} skipped: {args.peer_python} cannot import {module} (pip install {module}, "
                  f"or name a Python that has it with --peer-python)", file=sys.stderr)
    names = ["report"] + [n for n, _ in peers]
    results = []
    for size in sizes:
        csv_path = os.path.join(data_dir, f"events_{size}.csv")
        spec, output = weekly_spec(args.work, data_dir, size)
        print(f"counting {csv_path} (standard library)…", file=sys.stderr)
        expected = independent_count(csv_path)
        commands = {"report": [binary, "render", spec, "--quiet", "--root", "/", "--fonts", os.path.join(ROOT, "Fonts")]}
        commands.update({n: argv + [csv_path] for n, argv in peers})
        rounds = max(1, min(args.runs, 3)) if size in ("1m", "10m") else args.runs
        times, peaks = {n: [] for n in names}, {n: [] for n in names}
        print(f"racing weekly bars, {size} events ({rounds} rounds: {', '.join(names)})…", file=sys.stderr)
        for round in range(rounds + 1):
            order = names[round % len(names):] + names[:round % len(names)]
            for n in order:
                start = time.perf_counter()
                proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + commands[n], cwd=args.work, capture_output=True, text=True)
                elapsed = time.perf_counter() - start
                if proc.returncode != 0:
                    raise SystemExit(f"failed: {' '.join(commands[n])}\n{proc.stderr}")
                if n != "report":
                    found = next((l for l in proc.stdout.splitlines() if l.startswith("rows ")), "")
                    if found != expected:
                        raise SystemExit(f"{n} computed another table from {csv_path}:\n  {n}: {found}\n  bench.py: {expected}")
                if round > 0:
                    times[n].append(elapsed)
                    peaks[n].append(int(proc.stderr.strip().splitlines()[-1]) / 1024)
        size_bytes = os.path.getsize(os.path.join(args.work, output))
        results.append((size, expected, {n: (statistics.median(times[n]), min(times[n]), max(times[n]), max(peaks[n])) for n in names}, size_bytes))
    print("\nEvents per week by event type (stacked bar PNG 1600x900 for report; the table alone for the peers), "
          "whole processes, interleaved round by round: median s (min–max), peak MiB; ratio = report / peer\n")
    print("| events | table (bench.py's count) | report |" + "".join(f" {n} | report / {n} |" for n, _ in peers))
    print("|---|---|---:|" + "---:|---:|" * len(peers))
    for size, expected, r, size_bytes in results:
        cell = lambda n: f"{r[n][0]:.3f} s ({r[n][1]:.3f}–{r[n][2]:.3f}), {r[n][3]:.0f} MiB"
        ratio = lambda n: f"{r['report'][0] / r[n][0]:.2f}× time, {r['report'][3] / r[n][3]:.2f}× memory"
        line = f"| {size} | {expected} | {cell('report')} |" + "".join(f" {cell(n)} | {ratio(n)} |" for n, _ in peers)
        print(line)
    if peers:
        print(f"\nEach peer's table agreed with bench.py's count (rows, groups, digest).")
    for name, module, _ in WEEKLY_PEERS:
        if name not in names:
            print(f"{name} was skipped: {args.peer_python} cannot import {module}.")
    print("report's own table is checked against the same numbers on the 10k file by "
          "Tests/ReportCoreTests/WeeklyBenchmarkTests.swift." + (f" Its PNG is {results[-1][3] / 1024:.0f} KiB at {results[-1][0]}." if results else ""))


def independent_count(path):
    """`rows N groups G digest D` of the file's events per ISO week (the Monday on or
    before the date) and event type, counted with the standard library alone, as the
    peers print it; cached beside the file (keyed by its size and time)."""
    stat = os.stat(path)
    cache = f"{path}.weekly-count"
    key = f"{stat.st_size} {stat.st_mtime_ns}"
    if os.path.exists(cache):
        with open(cache) as f:
            cached_key, _, result = f.read().partition("\n")
        if cached_key == key:
            return result.strip()
    import csv
    counts = collections.Counter()
    monday = {}
    with open(path, newline="") as f:
        reader = csv.reader(f)
        head = next(reader)
        date, kind = head.index("date"), head.index("event_type")
        for row in reader:
            d = row[date]
            week = monday.get(d)
            if week is None:
                day = datetime.date.fromisoformat(d)
                week = monday[d] = (day - datetime.timedelta(days=day.weekday())).isoformat()
            counts[(week, row[kind])] += 1
    lines = sorted(f"{w},{k},{n}" for (w, k), n in counts.items())
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    result = f"rows {sum(counts.values())} groups {len(counts)} digest {digest}"
    with open(cache, "w") as f:
        f.write(f"{key}\n{result}\n")
    return result


def head_to_head(args, binary, peer_work):
    """Runs report, gnuplot and the C program in turn on each 1k case; prints their medians."""
    os.environ["BENCH_WORK"] = peer_work
    sys.path.insert(0, peer_kit(args))
    import bench_matrix  # the kit's own command lines for each peer
    data_dir = os.path.join(peer_work, "data")
    ours = {key: spec for _, key, spec, _ in cases(args.work, data_dir, ["1k"])}
    names = {("brief-1k", "pdf"): "3-page briefing PDF, 1k events", ("1k", "png"): "timeline PNG 1600x900, 1k events",
             ("1k", "pdf"): "timeline PDF, 1k events"}
    print(f"\nHead to head, 1k events: {args.rounds} rounds, each running every program once in turn "
          "(median seconds; ratio = report / peer)\n")
    print("| case | report | gnuplot | report / gnuplot | C + Cairo | report / C |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, title in names.items():
        commands = {"report": [binary, "render", ours[key], "--quiet", "--root", "/", "--fonts", os.path.join(ROOT, "Fonts")]}
        for peer, argv in bench_matrix.peer_cmds(*key):
            if peer.startswith("gnuplot"):
                commands["gnuplot"] = argv
            elif peer.startswith("cairo floor"):
                commands["C"] = argv
        print(f"racing {title}…", file=sys.stderr)
        times = {name: [] for name in commands}
        for round in range(args.rounds + 1):
            for name, argv in commands.items():
                start = time.perf_counter()
                subprocess.run(argv, cwd=args.work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                if round > 0:  # round 0 warms the file cache
                    times[name].append(time.perf_counter() - start)
        med = {name: statistics.median(t) for name, t in times.items()}
        cell = lambda n: f"{med[n]:.3f}" if n in med else "—"
        ratio = lambda n: f"{med['report'] / med[n]:.2f}×" if n in med else "—"
        print(f"| {title} | {cell('report')} | {cell('gnuplot')} | {ratio('gnuplot')} | {cell('C')} | {ratio('C')} |")


def peer_kit(args):
    """The peers kit named by --peer-kit, checked."""
    kit = args.peer_kit
    if not kit or not os.path.isfile(os.path.join(kit, "run_peers.sh")):
        raise SystemExit("--peers and --head-to-head need --peer-kit KIT: a folder holding run_peers.sh and bench_matrix.py")
    return os.path.abspath(kit)


def run_peers(args, sizes):
    """Runs the peers kit; returns its work folder."""
    kit = peer_kit(args)
    work = os.path.join(args.work, "peers")
    print("running the peers (this takes a while)…", file=sys.stderr)
    subprocess.run(["bash", os.path.join(kit, "run_peers.sh"), "--sizes", ",".join(sizes)],
                   env=dict(os.environ, BENCH_WORK=work), check=True)
    return work


def load_peer_results(work):
    """{(case, peer family): (median s, peak MiB)} from the kit's results.csv."""
    import csv
    path = os.path.join(work, "results", "results.csv")
    out = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            family = "gnuplot" if row["peer"].startswith("gnuplot") else \
                     "matplotlib" if row["peer"].startswith("matplotlib") else row["peer"]
            try:
                out[((row["case"], row["format"]), family)] = (float(row["wall_med_s"]), float(row["peak_med_mib"] or 0))
            except ValueError:
                continue  # timed out or failed
    return out


if __name__ == "__main__":
    main()
