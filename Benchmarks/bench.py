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

usage: Benchmarks/bench.py [--sizes 1k,10k,100k,1m] [--runs N] [--work DIR] [--binary PATH]
                           [--peers | --peer-results DIR]   (DIR: an earlier peers run)
                           [--head-to-head DIR] [--rounds N] [--versus OTHER]
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


def header(path):
    with open(path) as f:
        return f.readline().strip().split(",")


def cases(work, data_dir, sizes):
    """(name, key, spec path, output file) for every case; key matches the peers' results."""
    out = []
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
    os.makedirs(os.path.join(args.work, "out"), exist_ok=True)
    if args.binary:
        binary = os.path.abspath(args.binary)
    else:
        print("building the release binary…", file=sys.stderr)
        # Swift's runtime and Foundation linked statically: dynamic symbol lookup was about a
        # tenth of a small render, and start-up is most of a 1k-event chart's time.
        subprocess.run(["swift", "build", "-c", "release", "--product", "report", "--scratch-path", ".build-static",
                        "-Xswiftc", "-static-stdlib"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        binary = os.path.join(ROOT, ".build-static", "release", "report")
    peer_work = args.peer_results
    if args.peers:
        peer_work = run_peers(args, sizes)
    if peer_work:
        data_dir = os.path.join(peer_work, "data")  # the very rows the peers drew
    else:
        data_dir = os.path.join(args.work, "data")
        print("generating data…", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "gen_data.py"), data_dir,
                        "--sizes", ",".join(sizes)], check=True)
    rows = []
    for name, key, spec, output in cases(args.work, data_dir, sizes):
        runs = max(1, min(args.runs, 3)) if "1m" in name else args.runs
        print(f"timing {name} ({runs} runs)…", file=sys.stderr)
        # --root /: the data may live in the peers' folder, outside the specs' folder.
        med, lo, hi, peak = measure([binary, "render", spec, "--quiet", "--root", "/", "--fonts", os.path.join(ROOT, "Fonts")],
                                    runs, args.work)
        size = os.path.getsize(os.path.join(args.work, output))
        rows.append((name, key, med, lo, hi, peak, size))
    peers = load_peer_results(peer_work) if peer_work else {}
    names = ["gnuplot", "matplotlib", "cairo floor (C)"]
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
    for name, _, spec, output in cases(args.work, data_dir, sizes):
        rounds = min(args.rounds, 11) if "1m" in name else args.rounds
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
