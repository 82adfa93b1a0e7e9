#!/usr/bin/env python3
"""Maps at scale: the 1M-event map as PNG and PDF, and the example report's map page.

Writes a deterministic event log with coordinates (ACLED-style: latitude, longitude,
event_type, fatalities; events scattered around the benchmark's sixteen places, most of them
in a few busy ones), renders a `map` block of it with the release binary (`bench.py` builds
it), and prints wall time and peak memory of the whole process, the median of --runs, beside
the targets of issue 17:

  1M-event map PNG  ≤ 1.5 s       1M-event map PDF  < 2 MB      peak  < 400 MiB
  the example's map page as a PDF of its own  < 300 KB

usage: Benchmarks/map_bench.py [--rows 1000000] [--runs 3] [--work DIR] [--binary PATH]
"""
import argparse
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import release_binary  # noqa: E402

# The benchmark's places (gen_data.py), with their public coordinates rounded to 0.01°, and
# how busy each is.
PLACES = [("Raqqa", 35.95, 39.02, 30), ("Deir ez-Zor", 35.33, 40.14, 20), ("Hama", 35.13, 36.75, 6),
          ("Mosul", 36.34, 43.13, 25), ("Manbij", 36.53, 37.95, 8), ("Tabqa", 35.84, 38.55, 6),
          ("al-Bab", 36.37, 37.52, 8), ("Palmyra", 34.55, 38.27, 5), ("Aleppo", 36.20, 37.16, 20),
          ("Homs", 34.73, 36.72, 8), ("Idlib", 35.93, 36.63, 12), ("Kobani", 36.89, 38.35, 4),
          ("Hasakah", 36.50, 40.75, 5), ("Qamishli", 37.05, 41.23, 3), ("Afrin", 36.51, 36.87, 4),
          ("Abu Kamal", 34.45, 40.92, 6)]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"]


def write_events(path, rows, seed=17):
    """Streams `rows` events: the same seed gives the same bytes."""
    rng = random.Random(seed)
    weights = [p[3] for p in PLACES]
    with open(path, "w") as f:
        f.write("latitude,longitude,event_type,fatalities,source\n")
        block = []
        for _ in range(rows):
            _, lat, lon, _ = rng.choices(PLACES, weights)[0]
            r = 0.25 * math.sqrt(-2 * math.log(1 - rng.random()))
            a = 2 * math.pi * rng.random()
            fat = 0 if rng.random() < 0.6 else int(rng.expovariate(0.3))
            block.append(f"{lat + r * math.sin(a):.4f},{lon + r * math.cos(a):.4f},{TYPES[rng.randrange(6)]},{fat},illustrative\n")
            if len(block) == 10_000:
                f.write("".join(block)); block = []
        f.write("".join(block))


def run(cmd, cwd):
    """Wall seconds and peak RSS (MiB) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def measure(cmd, cwd, runs):
    results = [run(cmd, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(ROOT, ".build-bench", "map"))
    parser.add_argument("--binary")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    binary = release_binary(args.binary)
    events = os.path.join(args.work, f"map_events_{args.rows}.csv")
    if not os.path.exists(events):
        print(f"writing {args.rows:,} events…", file=sys.stderr)
        write_events(events, args.rows)
    spec = {"report": 1, "title": "Events",
            "data": {"events": {"file": os.path.basename(events)}},
            "sections": [{"id": "map", "type": "map", "data": "events", "size": "fatalities", "title": f"{args.rows:,} events"}],
            "outputs": [{"file": "map.pdf"}, {"file": "map.png", "block": "map", "width": 1000, "height": 700}]}
    for kind in ("png", "pdf"):
        s = dict(spec, outputs=[o for o in spec["outputs"] if o["file"].endswith(kind)])
        with open(os.path.join(args.work, f"map-{kind}.json"), "w") as f:
            json.dump(s, f)
    print(f"| case | median s | peak MiB | output | target |")
    print(f"|---|---:|---:|---:|---|")
    for kind, target in (("png", "≤ 1.5 s, < 400 MiB"), ("pdf", "< 2 MB, < 400 MiB")):
        seconds, peak = measure([binary, "render", f"map-{kind}.json", "--quiet"], args.work, args.runs)
        size = os.path.getsize(os.path.join(args.work, f"map.{kind}"))
        print(f"| {args.rows:,}-event map {kind.upper()} | {seconds:.2f} | {peak:.0f} | {size / 1024:,.0f} KB | {target} |")
    # The example's map block alone, as a one-page PDF: a spec that extends the example and
    # writes only that block.
    base = os.path.relpath(os.path.join(ROOT, "Reports", "raqqa-2017", "report.json"), args.work)
    with open(os.path.join(args.work, "example-map.json"), "w") as f:
        json.dump({"extends": base, "outputs": [{"file": "example-map.pdf", "block": "map"}]}, f)
    seconds, peak = measure([binary, "render", "example-map.json", "--quiet", "--root", os.path.commonpath([os.path.abspath(args.work), ROOT])], args.work, args.runs)
    size = os.path.getsize(os.path.join(args.work, "example-map.pdf"))
    print(f"| example map page, PDF | {seconds:.2f} | {peak:.0f} | {size / 1024:,.0f} KB | < 300 KB |")


if __name__ == "__main__":
    main()
