#!/usr/bin/env python3
"""Writes events.csv: ILLUSTRATIVE rows in the layout of an ACLED export (generated with a
fixed seed, not ACLED data). Run it again only to change the rows; the gallery's pictures
are rendered from the committed file."""
import datetime, random

random.seed(2017)
TYPES = [("Battles", 0.34), ("Explosions/Remote violence", 0.38), ("Violence against civilians", 0.12),
         ("Strategic developments", 0.10), ("Protests", 0.06)]
ACTORS = {
    "Battles": ["SDF: Syrian Democratic Forces", "Islamic State (Syria)", "Military Forces of Syria (2000-)",
                "Military Forces of Turkey (2016-)", "Free Syrian Army"],
    "Explosions/Remote violence": ["Military Forces of the United States (2017-2021)", "Military Forces of Russia (2000-)",
                                   "Military Forces of Syria (2000-)", "Islamic State (Syria)", "Military Forces of Turkey (2016-)"],
    "Violence against civilians": ["Islamic State (Syria)", "Military Forces of Syria (2000-)", "Unidentified Armed Group (Syria)"],
    "Strategic developments": ["SDF: Syrian Democratic Forces", "Islamic State (Syria)", "Military Forces of Syria (2000-)"],
    "Protests": ["Protesters (Syria)"],
}
PLACES = {"Ar-Raqqa": ["Raqqa", "Tabqa", "Mansoura", "Karamah", "Jabar", "Hazima"],
          "Aleppo": ["Al Bab", "Manbij", "Deir Hafer", "Maskanah", "Tadef"],
          "Deir ez-Zor": ["Deir ez-Zor", "Mayadin", "Al Bukamal", "Muhasan"]}
# Fatalities: Battles are heavier; most events kill no one or few.
def fatalities(t):
    if t in ("Protests", "Strategic developments"):
        return 0
    base = {"Battles": 4.0, "Explosions/Remote violence": 3.0, "Violence against civilians": 2.0}[t]
    return int(random.expovariate(1 / base)) if random.random() > 0.25 else 0

start = datetime.date(2017, 1, 2)
rows = []
for day in range(0, 363):
    d = start + datetime.timedelta(days=day)
    # Activity peaks during the battle for Raqqa city (6 June to 17 October 2017).
    peak = 155 <= day <= 288
    n = random.choices([0, 1, 2, 3, 4, 5], weights=[3, 4, 3, 2, 1 + 3 * peak, 3 * peak])[0]
    for _ in range(n):
        t = random.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
        admin1 = random.choices(list(PLACES), weights=[5, 3, 2])[0]
        prec = random.choices([1, 2, 3], weights=[88, 8, 4])[0]
        rows.append((d, prec, t, random.choice(ACTORS[t]), admin1, random.choice(PLACES[admin1]), fatalities(t)))
rows.sort(key=lambda r: r[0])
with open("events.csv", "w", encoding="utf-8") as f:
    f.write("event_id_cnty,event_date,year,time_precision,event_type,actor1,admin1,location,fatalities,source\n")
    for i, (d, prec, t, actor, admin1, loc, fat) in enumerate(rows, 1):
        f.write(f'SYR9{i:04d},{d.day:02d} {d.strftime("%B")} {d.year},{d.year},{prec},{t},{actor},{admin1},{loc},{fat},'
                f'ILLUSTRATIVE (generated; not ACLED data)\n')
print(len(rows), "rows")
