#!/usr/bin/env python3
"""Writes points.csv: ILLUSTRATIVE event locations around northern Syria (generated with a
fixed seed, not monitor data), for the gallery's dense map. Clusters around towns on the
Euphrates and north of it, plus a thin scatter along the river; coordinates rounded to 0.01 degree. Run it
again only to change the rows; the picture is rendered from the committed file."""
import random

random.seed(17)
# (latitude, longitude, spread in degrees, weight)
CLUSTERS = [(35.95, 39.02, 0.06, 30), (35.84, 38.55, 0.05, 12), (36.37, 37.52, 0.07, 14),
            (36.53, 37.95, 0.06, 10), (35.33, 40.14, 0.06, 14), (35.02, 40.45, 0.05, 6),
            (34.45, 40.92, 0.05, 5), (36.39, 38.86, 0.05, 5), (36.16, 37.71, 0.05, 4)]
rows = []
for _ in range(3000):
    if random.random() < 0.12:
        # A thin scatter along the Euphrates valley, Maskanah to Al Bukamal.
        t = random.random()
        lat, lon = random.gauss(35.96 + (34.45 - 35.96) * t, 0.12), random.gauss(38.03 + (40.92 - 38.03) * t, 0.12)
    else:
        lat0, lon0, s, _ = random.choices(CLUSTERS, weights=[c[3] for c in CLUSTERS])[0]
        lat, lon = random.gauss(lat0, s), random.gauss(lon0, s * 1.3)
    rows.append((round(lat, 2), round(lon, 2)))
with open("points.csv", "w") as f:
    f.write("latitude,longitude,source\n")
    for lat, lon in rows:
        f.write(f"{lat:.2f},{lon:.2f},ILLUSTRATIVE\n")
