#!/usr/bin/env python3
"""Times `report render` as a whole process and prints a Markdown table.

Builds the release binary, generates deterministic data (Benchmarks/gen_data.py), writes
one spec per case, and runs each case several times: median, min and max wall time, peak
memory (GNU time's maximum resident set size) and output size. With --peers it also runs
the same charts, on the same data and the same way (whole processes, one warm-up, median,
min and max, peak memory), by the peers in Benchmarks/peers/: a naive C program drawing
every dot with Cairo (cairo_timeline.c, built here with gcc and pkg-config), gnuplot
(gnuplot_*.gp) and matplotlib (mpl_*.py, run by --peer-python's Python), and prints each
case's time as a ratio to theirs. A peer that is not installed is skipped with a note. Each
peer prints what it drew ("events N ..."), and bench.py stops unless it drew every row of
the file and wrote a well-formed PNG or PDF. The peers' times are kept in WORK/peers/
results.json; --peer-results WORK compares against an earlier run's without running the
peers again (report then draws that run's data). Without --peers, report is timed alone.

With --head-to-head it races report against gnuplot and the C program on the 1k-event
cases, alternating the three run by run: at 1k events a run takes tens of milliseconds and
this machine's noise moves whole minutes up or down by a fifth, so only runs interleaved
this way give a fair ratio.

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
Tests/ReportCoreTests/WeeklyBenchmarkTests.swift against the same numbers on the 10k file.
A peer whose module is missing from --peer-python's Python is skipped with a note.

The watch case (watch_latency.py) times `report watch` on the example report, from each of
30 saved edits of the spec to the rewritten PDF, against issue 15's target of 150 ms.

usage: Benchmarks/bench.py [--sizes 1k,10k,100k,1m] [--runs N] [--work DIR] [--binary PATH]
                           [--cases timeline,weekly,watch] [--edits N] [--peer-python PYTHON]
                           [--peers | --peer-results WORK]   (WORK: an earlier --peers run's --work)
                           [--head-to-head] [--rounds N] [--versus OTHER]
  (sizes: 1k 10k 100k 1m 10m; 10m is 585 MB of CSV and takes gen_data.py a minute or two)
"""
import argparse
import collections
import datetime
import hashlib
import json
import os
import re
import shlex
import shutil
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
        png, pdf = timeline_specs(work, data_dir, size)
        out.append((f"timeline PNG 1600x900, {size} events", (size, "png"), png, f"out/timeline_{size}.png"))
        out.append((f"timeline PDF, {size} events", (size, "pdf"), pdf, f"out/timeline_{size}.pdf"))
        if "weekly" in kinds:
            out.append((f"weekly bars PNG 1600x900, {size} events", (size, "weekly"), *weekly_spec(work, data_dir, size)))
    return out


def measure(cmd, runs, cwd, check=None):
    """Median/min/max seconds and peak MiB over `runs` runs (after one warm-up). `check`,
    when given, is called with the warm-up's stdout (after the run, its output written)."""
    if not os.path.exists(GNU_TIME):
        raise SystemExit(f"{GNU_TIME} not found: peak memory is measured with GNU time (apt-get install time)")
    times, peaks = [], []
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-f", "%M"] + cmd, cwd=cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
        if i == 0:
            if check:
                check(proc.stdout)
            continue  # warm-up: file cache, fontconfig cache
        times.append(elapsed)
        peaks.append(int(proc.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), min(times), max(times), max(peaks)


GNU_TIME = "/usr/bin/time"


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
    parser.add_argument("--peer-python", default=sys.executable, help="the Python that runs the Python peers "
                        "(one with matplotlib, duckdb and pandas installed; default: this one)")
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "report-bench"))
    parser.add_argument("--peers", action="store_true", help="time the peers in Benchmarks/peers/ (C + Cairo, gnuplot, "
                        "matplotlib) on each timeline case too, the way report is timed (gnuplot and matplotlib take "
                        "tens of seconds a run at 1m)")
    parser.add_argument("--peer-results", metavar="WORK", help="the --work folder of an earlier --peers run: compare "
                        "against the peers' times kept there (WORK/peers/results.json), on its data, without running them")
    parser.add_argument("--head-to-head", action="store_true", help="race report, gnuplot and the C program on the 1k "
                        "cases, interleaved run by run")
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
    if args.peers and args.peer_results:
        raise SystemExit("--peers runs the peers now, --peer-results reads an earlier run's times: give one of them")
    if args.peer_results:
        data_dir = os.path.join(os.path.abspath(args.peer_results), "data")  # the very rows the peers drew
    elif kinds == ["watch"] and not args.versus and not args.head_to_head:
        data_dir = None  # the watch case renders the example report, with its own data
    else:
        data_dir = os.path.join(args.work, "data")
        print("generating data…", file=sys.stderr)
        # The briefing and --head-to-head draw the 1k file whatever the sizes.
        wanted = sizes + ["1k"] if ("timeline" in kinds or args.head_to_head) and "1k" not in sizes else sizes
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "gen_data.py"), data_dir,
                        "--sizes", ",".join(wanted)], check=True)
    peers = find_peers(args) if args.peers or args.head_to_head else {}
    rows, peer_times = [], {}
    fonts = os.path.join(ROOT, "Fonts")
    for name, key, spec, output in cases(args.work, data_dir, sizes, ["timeline"] if "timeline" in kinds else []):
        runs = max(1, min(args.runs, 3)) if "1m" in name or "10m" in name else args.runs
        print(f"timing {name} ({runs} runs)…", file=sys.stderr)
        # --root /: the data may live in an earlier run's folder, outside the specs' folder.
        med, lo, hi, peak = measure([binary, "render", spec, "--quiet", "--root", "/", "--fonts", fonts], runs, args.work)
        size = os.path.getsize(os.path.join(args.work, output))
        rows.append((name, key, med, lo, hi, peak, size))
        if args.peers:
            for peer in PEERS:
                command = peers.get(peer) and peer_command(peer, key, data_dir, args.work)
                if not command:
                    continue
                argv, out, check = command
                print(f"timing {name} by {peer} ({runs} runs)…", file=sys.stderr)
                p_med, p_lo, p_hi, p_peak = measure(argv, runs, args.work, check)
                peer_times[(key, peer)] = (p_med, p_peak, p_lo, p_hi, os.path.getsize(out))
    if args.peers and peer_times:
        save_peer_results(args.work, peer_times)
    if args.peer_results:
        peer_times = load_peer_results(os.path.abspath(args.peer_results))
    names = [n for n in PEERS if any(k[1] == n for k in peer_times)]
    if rows:
        print("\n| case | median s | min s | max s | peak MiB | output |" + "".join(f" vs {n} |" for n in names))
        print("|---|---:|---:|---:|---:|---:|" + "".join("---:|" for n in names))
    for name, key, med, lo, hi, peak, size in rows:
        line = f"| {name} | {med:.3f} | {lo:.3f} | {hi:.3f} | {peak:.0f} | {size / 1024:.0f} KiB |"
        for n in names:
            p = peer_times.get((key, n))
            line += f" {med / p[0]:.2f}× ({p[0]:.3f} s, {p[1]:.0f} MiB) |" if p else " — |"
        print(line)
    if rows and names:
        print("\nRatios are report's median time divided by the peer's, on the same data "
              f"{'in the same run' if args.peers else 'in the run kept in ' + args.peer_results} "
              "(below 1 means report is faster; peers' time and peak memory in brackets; "
              "— where the peer draws no such chart).")
    if rows and args.peers:
        for peer in PEERS:
            if not peers.get(peer):
                print(f"{peer} was skipped: {SKIPPED[peer]}")
    if "weekly" in kinds:
        weekly(args, binary, data_dir, sizes)
    if "watch" in kinds:
        watch_latency.run(binary, args.work, args.edits)
    if args.head_to_head:
        head_to_head(args, binary, data_dir, peers)
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


def timeline_specs(work, data_dir, size):
    """(PNG spec, PDF spec) of the timeline case at `size`: the same as `cases` writes."""
    d = {"events": f"{data_dir}/events_{size}.csv"}
    png = write_spec(work, f"timeline_png_{size}", [timeline_block("events")],
                     [{"file": f"out/timeline_{size}.png", "block": "timeline", "width": 800, "height": 450, "scale": 2}], d)
    pdf = write_spec(work, f"timeline_pdf_{size}", [timeline_block("events")],
                     [{"file": f"out/timeline_{size}.pdf", "block": "timeline", "width": 1152, "height": 648}], d)
    return png, pdf


def weekly(args, binary, data_dir, sizes):
    """Races report's weekly chart, and its timeline PNG and PDF of the same events, against
    the peers that compute the weekly table, size by size: every round runs each program
    once as a whole process (the order turning round by round; round 0 warms the file cache
    and is not counted), and each peer's printed table is checked against bench.py's own
    count of the file. Then how each report case's peak memory grows from the smallest size
    to the largest."""
    peers = []
    for name, module, script in WEEKLY_PEERS:
        found = subprocess.run([args.peer_python, "-c", f"import {module}"], capture_output=True).returncode == 0
        if found:
            peers.append((name, [args.peer_python, os.path.join(ROOT, "Benchmarks", script)]))
        else:
            print(f"note: {name} skipped: {args.peer_python} cannot import {module} (pip install {module}, "
                  f"or name a Python that has it with --peer-python)", file=sys.stderr)
    ours = ["report weekly PNG", "report timeline PNG", "report timeline PDF"]
    names = ours + [n for n, _ in peers]
    results = []
    for size in sizes:
        csv_path = os.path.join(data_dir, f"events_{size}.csv")
        spec, output = weekly_spec(args.work, data_dir, size)
        png, pdf = timeline_specs(args.work, data_dir, size)
        print(f"counting {csv_path} (standard library)…", file=sys.stderr)
        expected = independent_count(csv_path)
        render = [binary, "render", "--quiet", "--root", "/", "--fonts", os.path.join(ROOT, "Fonts")]
        commands = {"report weekly PNG": render + [spec], "report timeline PNG": render + [png], "report timeline PDF": render + [pdf]}
        commands.update({n: argv + [csv_path] for n, argv in peers})
        rounds = max(1, min(args.runs, 3)) if size in ("1m", "10m") else args.runs
        times, peaks = {n: [] for n in names}, {n: [] for n in names}
        print(f"racing weekly bars and timelines, {size} events ({rounds} rounds: {', '.join(names)})…", file=sys.stderr)
        for round in range(rounds + 1):
            order = names[round % len(names):] + names[:round % len(names)]
            for n in order:
                start = time.perf_counter()
                proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + commands[n], cwd=args.work, capture_output=True, text=True)
                elapsed = time.perf_counter() - start
                if proc.returncode != 0:
                    raise SystemExit(f"failed: {' '.join(commands[n])}\n{proc.stderr}")
                if n not in ours:
                    found = next((l for l in proc.stdout.splitlines() if l.startswith("rows ")), "")
                    if found != expected:
                        raise SystemExit(f"{n} computed another table from {csv_path}:\n  {n}: {found}\n  bench.py: {expected}")
                if round > 0:
                    times[n].append(elapsed)
                    peaks[n].append(int(proc.stderr.strip().splitlines()[-1]) / 1024)
        sizes_out = {"report weekly PNG": output, "report timeline PNG": f"out/timeline_{size}.png", "report timeline PDF": f"out/timeline_{size}.pdf"}
        results.append((size, expected, {n: (statistics.median(times[n]), min(times[n]), max(times[n]), max(peaks[n])) for n in names},
                        {n: os.path.getsize(os.path.join(args.work, f)) for n, f in sizes_out.items()}))
    print("\nreport's weekly bars and timeline (PNG 1600x900, PDF 16x9 in) beside the peers computing the weekly table "
          "alone, whole processes, interleaved round by round: median s (min–max), peak MiB; ratio = report / peer\n")
    print("| events | program | time, peak | output |" + "".join(f" report / {n} |" for n, _ in peers))
    print("|---|---|---:|---:|" + "---:|" * len(peers))
    for size, expected, r, outputs in results:
        cell = lambda n: f"{r[n][0]:.3f} s ({r[n][1]:.3f}–{r[n][2]:.3f}), {r[n][3]:.0f} MiB"
        ratio = lambda a, n: f"{r[a][0] / r[n][0]:.2f}× time, {r[a][3] / r[n][3]:.2f}× memory"
        for a in ours:
            print(f"| {size} | {a} | {cell(a)} | {outputs[a] / 1024:.0f} KiB |" + "".join(f" {ratio(a, n)} |" for n, _ in peers))
        for n, _ in peers:
            print(f"| {size} | {n} (table: {expected}) | {cell(n)} | — |" + " |" * len(peers))
    if len(results) > 1:
        (small, _, r0, _), (large, _, r1, _) = results[0], results[-1]
        growth = ", ".join(f"{a} {r1[a][3] / r0[a][3]:.2f}× ({r0[a][3]:.0f} → {r1[a][3]:.0f} MiB)" for a in ours)
        print(f"\nPeak memory from {small} to {large} events: {growth}.")
    if peers:
        print(f"\nEach peer's table agreed with bench.py's count (rows, groups, digest).")
    for name, module, _ in WEEKLY_PEERS:
        if name not in names:
            print(f"{name} was skipped: {args.peer_python} cannot import {module}.")
    print("report's own table is checked against the same numbers on the 10k file by "
          "Tests/ReportCoreTests/WeeklyBenchmarkTests.swift.")


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


def head_to_head(args, binary, data_dir, peers):
    """Runs report, gnuplot and the C program in turn on each 1k case; prints their medians."""
    ours = {key: (spec, output) for _, key, spec, output in cases(args.work, data_dir, ["1k"])}
    names = {("brief-1k", "pdf"): "3-page briefing PDF, 1k events", ("1k", "png"): "timeline PNG 1600x900, 1k events",
             ("1k", "pdf"): "timeline PDF, 1k events"}
    racing = [p for p in ("gnuplot", "C + Cairo") if peers.get(p)]
    for peer in ("gnuplot", "C + Cairo"):
        if peer not in racing:
            print(f"note: {peer} left out of the race: {SKIPPED[peer]}", file=sys.stderr)
    print(f"\nHead to head, 1k events: {args.rounds} rounds, each running every program once in turn, "
          "round 0 not counted (median seconds; ratio = report / peer, below 1 means report is faster)\n")
    print("| case | report | gnuplot | report / gnuplot | C + Cairo | report / C |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, title in names.items():
        spec, _ = ours[key]
        commands = {"report": [binary, "render", spec, "--quiet", "--root", "/", "--fonts", os.path.join(ROOT, "Fonts")]}
        checks = {}
        for peer in racing:
            command = peer_command(peer, key, data_dir, args.work)
            if command:
                commands[peer], _, checks[peer] = command
        print(f"racing {title}…", file=sys.stderr)
        times = {name: [] for name in commands}
        for round in range(args.rounds + 1):
            for name, argv in commands.items():
                start = time.perf_counter()
                proc = subprocess.run(argv, cwd=args.work, capture_output=True, text=True)
                elapsed = time.perf_counter() - start
                if proc.returncode != 0:
                    raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr}")
                if round == 0:  # round 0 warms the file cache; its outputs are checked
                    if name in checks:
                        checks[name](proc.stdout)
                else:
                    times[name].append(elapsed)
        med = {name: statistics.median(t) for name, t in times.items()}
        cell = lambda n: f"{med[n]:.3f}" if n in med else "—"
        ratio = lambda n: f"{med['report'] / med[n]:.2f}×" if n in med else "—"
        print(f"| {title} | {cell('report')} | {cell('gnuplot')} | {ratio('gnuplot')} | {cell('C + Cairo')} | {ratio('C + Cairo')} |")


# The peers of the timeline cases, in the table's order, and why each may be skipped.
PEERS = ["gnuplot", "matplotlib", "C + Cairo"]
PEERS_DIR = os.path.join(ROOT, "Benchmarks", "peers")
SKIPPED = {}  # peer: why it was skipped
PEER_PROGRAMS = {}  # peer: the program that runs it (find_peers)


def find_peers(args):
    """{peer: what runs it} for the peers installed here: the C program built into
    WORK/peers/ (gcc, pkg-config, Cairo's headers), gnuplot 5.4 or later on PATH, and
    --peer-python when it imports matplotlib. A missing peer is left out, with a note."""
    found = {}
    work = os.path.join(args.work, "peers")
    os.makedirs(os.path.join(work, "out"), exist_ok=True)

    def skip(peer, why):
        SKIPPED[peer] = why
        print(f"note: {peer} skipped: {why}", file=sys.stderr)

    gnuplot = shutil.which("gnuplot")
    version = subprocess.run([gnuplot, "--version"], capture_output=True, text=True).stdout.split() if gnuplot else []
    if not gnuplot:
        skip("gnuplot", "no gnuplot on PATH (apt-get install gnuplot-nox)")
    elif len(version) < 2 or tuple(int(v) for v in version[1].split(".")[:2]) < (5, 4):
        skip("gnuplot", f"{gnuplot} is {' '.join(version[:2])}; the scripts need 5.4 or later")
    else:
        found["gnuplot"] = gnuplot
    if subprocess.run([args.peer_python, "-c", "import matplotlib"], capture_output=True).returncode == 0:
        found["matplotlib"] = args.peer_python
    else:
        skip("matplotlib", f"{args.peer_python} cannot import matplotlib (pip install matplotlib in a venv, "
                           "and name its Python with --peer-python)")
    gcc, pkg_config = shutil.which("gcc"), shutil.which("pkg-config")
    cairo = subprocess.run([pkg_config, "--cflags", "--libs", "cairo"], capture_output=True, text=True) if pkg_config else None
    if not gcc or not pkg_config:
        skip("C + Cairo", "gcc or pkg-config is not installed (apt-get install gcc pkg-config libcairo2-dev)")
    elif cairo.returncode != 0:
        skip("C + Cairo", "pkg-config finds no cairo (apt-get install libcairo2-dev)")
    else:
        source, program = os.path.join(PEERS_DIR, "cairo_timeline.c"), os.path.join(work, "cairo_timeline")
        built = subprocess.run([gcc, "-O2", "-o", program, source] + cairo.stdout.split(), capture_output=True, text=True)
        if built.returncode != 0:
            print(built.stderr, file=sys.stderr)
            skip("C + Cairo", "cairo_timeline.c did not build (gcc's messages above)")
        else:
            found["C + Cairo"] = program
    PEER_PROGRAMS.update(found)
    return found


def peer_command(peer, key, data_dir, work):
    """(argv, output path, check) of `peer` drawing case `key`, or None when it draws no
    such chart (the C program draws no briefing). `check` takes the peer's stdout and
    stops bench.py unless the peer drew every row and wrote a well-formed file."""
    tag = {"gnuplot": "gnuplot", "matplotlib": "mpl", "C + Cairo": "cairo"}[peer]
    command = _peer_command(peer, key, data_dir, os.path.join(work, "peers", "out"), tag)
    if command and os.path.exists(command[1]):
        os.remove(command[1])  # checked after the peer's first run: no file left from an earlier one
    return command


def _peer_command(peer, key, data_dir, out_dir, tag):
    size, kind = key
    if size == "brief-1k":
        if peer == "C + Cairo":
            return None
        events, troops, flows = (os.path.join(data_dir, f) for f in ("events_1k.csv", "troops.csv", "displacement.csv"))
        out = os.path.join(out_dir, f"{tag}_briefing_1k.pdf")
        if peer == "gnuplot":
            argv = [PEER_PROGRAMS["gnuplot"], "-e", f'events="{events}"; troops="{troops}"; flows="{flows}"; out="{out}"',
                    os.path.join(PEERS_DIR, "gnuplot_briefing.gp")]
        else:
            argv = [PEER_PROGRAMS["matplotlib"], os.path.join(PEERS_DIR, "mpl_briefing.py"), events, troops, flows, out]
        expected = f"events {data_rows(events)} forces {distinct(troops, 'force')} " \
                   f"destinations {distinct(flows, 'destination')} families {column_sum(flows, 'families')}"
        return argv, out, lambda stdout: check_peer(peer, argv, stdout, expected, out, "pdf", pages=3)
    events = os.path.join(data_dir, f"events_{size}.csv")
    out = os.path.join(out_dir, f"{tag}_timeline_{size}.{kind}")
    if peer == "gnuplot":
        argv = [PEER_PROGRAMS["gnuplot"], "-e", f'events="{events}"; out="{out}"', os.path.join(PEERS_DIR, "gnuplot_timeline.gp")]
    elif peer == "matplotlib":
        argv = [PEER_PROGRAMS["matplotlib"], os.path.join(PEERS_DIR, "mpl_timeline.py"), events, out]
    else:
        argv = [PEER_PROGRAMS["C + Cairo"], events, out]
    expected = f"events {data_rows(events)} lanes {distinct(events, 'actor')} types {distinct(events, 'event_type')}"
    return argv, out, lambda stdout: check_peer(peer, argv, stdout, expected, out, kind, pages=1)


def check_peer(peer, argv, stdout, expected, out, kind, pages):
    """Stops bench.py unless the peer printed `expected` and wrote a PNG of 1600x900 px or
    a PDF of `pages` pages, of more than 10 KiB."""
    said = next((l.strip() for l in stdout.splitlines() if l.startswith("events ")), "(nothing)")
    if said != expected:
        raise SystemExit(f"{peer} drew something else: {shlex.join(argv)}\n  it printed: {said}\n  expected:   {expected}")
    with open(out, "rb") as f:
        data = f.read()
    if len(data) < 10 * 1024:
        raise SystemExit(f"{peer} wrote only {len(data)} bytes to {out}")
    if kind == "png":
        if data[:8] != b"\x89PNG\r\n\x1a\n" or (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) != (1600, 900):
            raise SystemExit(f"{peer} wrote {out}, not a PNG of 1600x900 px")
    else:
        found = len(re.findall(rb"/Type\s*/Page[^s]", data))
        if not data.startswith(b"%PDF") or found != pages:
            raise SystemExit(f"{peer} wrote {out}, not a PDF of {pages} page(s) (found {found})")


_counted = {}


def data_rows(path):
    """Rows of a CSV file (lines after the header), counted once."""
    if path not in _counted:
        with open(path, "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        _counted[path] = lines - 1
    return _counted[path]


def distinct(path, name):
    """Distinct values of a column (bench.py's own count, for the peers' printed counts);
    a file's columns are all counted in one pass, once."""
    if (path, name) not in _counted:
        import csv
        with open(path, newline="") as f:
            reader = csv.reader(f)
            head = next(reader)
            seen = [set() for _ in head]
            for row in reader:
                for i, value in enumerate(row):
                    seen[i].add(value)
        _counted.update({(path, h): len(s) for h, s in zip(head, seen)})
    return _counted[(path, name)]


def column_sum(path, name):
    import csv
    with open(path, newline="") as f:
        return sum(int(row[name]) for row in csv.DictReader(f))


def save_peer_results(work, peer_times):
    """WORK/peers/results.json: each peer's times on each case, for --peer-results."""
    rows = [{"case": list(key), "peer": peer, "median_s": t[0], "peak_mib": t[1], "min_s": t[2], "max_s": t[3], "bytes": t[4]}
            for (key, peer), t in peer_times.items()]
    path = os.path.join(work, "peers", "results.json")
    with open(path, "w") as f:
        json.dump({"measured": datetime.datetime.now().isoformat(timespec="seconds"), "results": rows}, f, indent=1)
    print(f"peers' times kept in {path}", file=sys.stderr)


def load_peer_results(work):
    """{(case, peer): (median s, peak MiB, ...)} from an earlier --peers run's results.json."""
    path = os.path.join(work, "peers", "results.json")
    if not os.path.exists(path):
        raise SystemExit(f"--peer-results: no {path} (run bench.py --peers --work {work} first)")
    with open(path) as f:
        saved = json.load(f)
    print(f"peers' times from {path}, measured {saved['measured']}", file=sys.stderr)
    return {(tuple(r["case"]), r["peer"]): (r["median_s"], r["peak_mib"], r["min_s"], r["max_s"], r["bytes"])
            for r in saved["results"]}


if __name__ == "__main__":
    main()
