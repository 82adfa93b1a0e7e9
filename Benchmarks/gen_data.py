#!/usr/bin/env python3
"""Deterministic benchmark data for `report` (standard library only).

Writes into OUTDIR:
  events_1k.csv … events_1m.csv   date,actor,event_type,location,fatalities,source
  troops.csv                      date,force,count,change,source
  displacement.csv                date,origin,destination,families,source

The same seed gives the same bytes on every run and machine. Values hold no commas or
quotes. The shapes follow ACLED-style event logs: activity peaking in 2016-2017, a few
busy actors, most events without fatalities.

usage: gen_data.py OUTDIR [--sizes 1k,10k,100k,1m]
"""
import datetime as dt
import os
import random
import sys

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
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
    rng = random.Random(seed)
    days = sorted(int(rng.triangular(0, DAYS, DAYS * 0.45)) for _ in range(n))
    actors = rng.choices([a for a, _ in ACTORS], [w for _, w in ACTORS], k=n)
    types = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES], k=n)
    iso = [(START + dt.timedelta(days=d)).isoformat() for d in range(DAYS)]
    tmp = path + ".tmp"
    with open(tmp, "w", newline="\n") as f:
        f.write("date,actor,event_type,location,fatalities,source\n")
        for i in range(n):
            deaths = 0 if rng.random() < 0.45 else min(int(rng.paretovariate(1.3)), 500)
            f.write(f"{iso[min(days[i], DAYS - 1)]},{actors[i]},{types[i]},{rng.choice(PLACES)},{deaths},{rng.choice(SOURCES)}\n")
    os.replace(tmp, path)


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
    outdir, sizes = argv[0], list(SIZES)
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
