#!/usr/bin/env python3
"""Deterministic benchmark data for `report` (standard library only).

Writes into OUTDIR:
  events_1k.csv … events_10m.csv  date,actor,event_type,location,fatalities,source
  troops.csv                      date,force,count,change,source
  displacement.csv                date,origin,destination,families,source

The same seed gives the same bytes on every run and machine. Values hold no commas or
quotes. The shapes follow ACLED-style event logs: activity peaking in 2016-2017, a few
busy actors, most events without fatalities.

usage: gen_data.py OUTDIR [--sizes 1k,10k,100k,1m,10m]   (default: all but 10m)
"""
import datetime as dt
import os
import random
import sys

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
ACTORS = [("Islamic State", 30), ("SDF", 18), ("Syrian Army", 20), ("US-led coalition", 12),
          ("Turkish-backed rebels", 8), ("Russia", 6), ("Iraqi forces", 10), ("Civilians", 4)]
TYPES = [("Battles", 35), ("Explosions/Remote violence", 30), ("Violence against civilians", 15),
         ("Protests", 8), ("Riots", 4), ("Strategic developments", 8)]
PLACES = ["Raqqa", "Deir ez-Zor", "Hama", "Mosul", "Manbij", "Tabqa", "al-Bab", "Palmyra",
          "Aleppo", "Homs", "Idlib", "Kobani", "Hasakah", "Qamishli", "Afrin", "Abu Kamal"]
SOURCES = ["SOHR", "Reuters", "AFP", "Airwars", "Local media", "illustrative"]
START = dt.date(2014, 1, 1)
DAYS = (dt.date(2019, 12, 31) - START).days + 1


def events(n, path, seed):
    """Writes n events, streaming: memory does not grow with n (a histogram of days and a
    block of rows at a time), and the bytes are those the first, all-in-memory version of
    this function wrote (it sorted n days, then drew n actors, then n types, then each
    row's fatalities, place and source from one generator). Here three generators start
    where those three phases started: the generator's state after the days, and that
    state moved on by n and by 2n draws of `random()` (two 32-bit words each, skipped
    with `getrandbits`), so each phase is drawn block by block beside the others."""
    rng = random.Random(seed)
    per_day = [0] * DAYS
    triangular, mode = rng.triangular, DAYS * 0.45
    for _ in range(n):
        per_day[min(int(triangular(0, DAYS, mode)), DAYS - 1)] += 1
    actor_rng = random.Random()
    actor_rng.setstate(rng.getstate())
    skip(rng, n)
    type_rng = random.Random()
    type_rng.setstate(rng.getstate())
    skip(rng, n)
    row_rng = rng
    actor_names, actor_weights = [a for a, _ in ACTORS], [w for _, w in ACTORS]
    type_names, type_weights = [t for t, _ in TYPES], [w for _, w in TYPES]
    iso = [(START + dt.timedelta(days=d)).isoformat() for d in range(DAYS)]
    day_of_row = (iso[d] for d, k in enumerate(per_day) for _ in range(k))
    uniform, pareto, choice = row_rng.random, row_rng.paretovariate, row_rng.choice
    tmp = path + ".tmp"
    with open(tmp, "w", newline="\n") as f:
        f.write("date,actor,event_type,location,fatalities,source\n")
        done = 0
        while done < n:
            k = min(BLOCK, n - done)
            actors = actor_rng.choices(actor_names, actor_weights, k=k)
            types = type_rng.choices(type_names, type_weights, k=k)
            lines = []
            for i in range(k):
                deaths = 0 if uniform() < 0.45 else min(int(pareto(1.3)), 500)
                lines.append(f"{next(day_of_row)},{actors[i]},{types[i]},{choice(PLACES)},{deaths},{choice(SOURCES)}\n")
            f.write("".join(lines))
            done += k
    os.replace(tmp, path)


BLOCK = 65_536


def skip(rng, draws):
    """Moves `rng` on by `draws` calls of `random()` (each takes two 32-bit words)."""
    while draws > 0:
        k = min(draws, BLOCK)
        rng.getrandbits(64 * k)
        draws -= k


def troops(path, seed):
    rng = random.Random(seed)
    with open(path, "w", newline="\n") as f:
        f.write("date,force,count,change,source\n")
        level = {"US troops in Syria": 50, "US troops in Iraq": 3000}
        for force in level:
            f.write(f"2015-01-01,{force},{level[force]},,illustrative\n")
        for month in range(1, 60):
            d = dt.date(2015 + month // 12, month % 12 + 1, 1).isoformat()
            for force in level:
                if rng.random() < 0.35:
                    step = rng.choice([-200, -100, 100, 200, 400])
                    if level[force] + step > 0:
                        level[force] += step
                        f.write(f"{d},{force},,{step:+d},illustrative\n")


def displacement(path, seed):
    rng = random.Random(seed)
    pairs = [("Raqqa", "Deir ez-Zor"), ("Raqqa", "Hama"), ("Deir ez-Zor", "Hasakah"), ("Mosul", "Erbil"),
             ("Manbij", "Kobani"), ("al-Bab", "Azaz"), ("Palmyra", "Homs"), ("Tabqa", "Raqqa")]
    with open(path, "w", newline="\n") as f:
        f.write("date,origin,destination,families,source\n")
        for q in range(20):
            d = dt.date(2015 + q // 4, (q % 4) * 3 + 1, rng.randint(1, 28)).isoformat()
            for origin, dest in rng.sample(pairs, 2):
                f.write(f"{d},{origin},{dest},{int(rng.paretovariate(1.2) * 100)},illustrative\n")


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    outdir, sizes = argv[0], [s for s in SIZES if s != "10m"]
    if "--sizes" in argv:
        sizes = argv[argv.index("--sizes") + 1].split(",")
    os.makedirs(outdir, exist_ok=True)
    for k, name in enumerate(SIZES):
        path = os.path.join(outdir, f"events_{name}.csv")
        if name in sizes and not os.path.exists(path):
            events(SIZES[name], path, 2017_03_12 + k)
    troops(os.path.join(outdir, "troops.csv"), 400)
    displacement(os.path.join(outdir, "displacement.csv"), 300)


if __name__ == "__main__":
    main(sys.argv[1:])
