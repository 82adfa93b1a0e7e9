#!/usr/bin/env python3
"""The benchmark's event timeline drawn by matplotlib (Agg; PDF backend for .pdf).

usage: mpl_timeline.py EVENTS.csv OUT.png   1600x900 px (16x9 in at dpi 100)
       mpl_timeline.py EVENTS.csv OUT.pdf   16x9 in

Reads the events CSV (date,actor,event_type,...) with the csv module and draws every event
as a dot, no binning: one lane per actor (alphabetical, top to bottom), one scatter per
event type (colours in alphabetical order of the types, as the C program and gnuplot give
them), a date axis from 2014 to 2020 with a tick at each 1 January, lane labels, a legend
and a title. Prints "events N lanes L types T" (the dots drawn) on stdout.
"""
import csv
import datetime
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PALETTE = ["#0072B2", "#CC79A7", "#009E73", "#56B4E9", "#E69F00", "#D55E00", "#F0E442", "#000000"]
TITLE = "Conflict events by actor, 2014-2019"
FIRST, END = datetime.date(2014, 1, 1).toordinal(), datetime.date(2020, 1, 1).toordinal()


def read_events(path):
    """[(day ordinal, actor, event type)] of the events in 2014-2019."""
    events = []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        head = next(reader)
        date, actor, kind = head.index("date"), head.index("actor"), head.index("event_type")
        for row in reader:
            day = datetime.date.fromisoformat(row[date]).toordinal()
            if FIRST <= day < END:
                events.append((day, row[actor], row[kind]))
    return events


def draw_timeline(fig, path, scale=1.0):
    """Draws the timeline of the events in `path` on `fig` (its type and dots `scale` times
    their size on a 16x9 in figure); returns (events, lanes, types)."""
    events = read_events(path)
    actors = sorted({a for _, a, _ in events})
    types = sorted({t for _, _, t in events})
    lane = {a: len(actors) - i for i, a in enumerate(actors)}  # the first at the top
    ax = fig.add_axes([0.15, 0.08, 0.825, 0.76])
    for i, t in enumerate(types):
        xs = [d + 0.5 for d, _, k in events if k == t]
        ys = [lane[a] for _, a, k in events if k == t]
        ax.scatter(xs, ys, s=40 * scale ** 2, color=PALETTE[i % len(PALETTE)], linewidths=0, label=t)
    ax.set_xlim(FIRST, END)
    ax.set_ylim(0.5, len(actors) + 0.5)
    years = range(2014, 2021)
    ax.set_xticks([datetime.date(y, 1, 1).toordinal() for y in years], [str(y) for y in years])
    ax.set_yticks([lane[a] for a in actors], actors, fontweight="bold", fontsize=13 * scale)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=12 * scale)
    for y in range(1, len(actors)):
        ax.axhline(y + 0.5, color="#DDDDDD", linewidth=0.75, zorder=0)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.75, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.text(0.015, 0.94, TITLE, fontsize=20 * scale, fontweight="bold")
    fig.legend(loc="upper left", bbox_to_anchor=(0.01, 0.93), ncol=len(types), frameon=False, fontsize=12 * scale,
               handletextpad=0.2, columnspacing=1.5, markerscale=1.2)
    return len(events), len(actors), len(types)


def main(argv):
    if len(argv) != 2 or not argv[1].endswith((".png", ".pdf")):
        sys.exit(__doc__)
    fig = plt.figure(figsize=(16, 9), dpi=100)
    counts = draw_timeline(fig, argv[0])
    fig.savefig(argv[1], dpi=100)
    print("events %d lanes %d types %d" % counts)


if __name__ == "__main__":
    main(sys.argv[1:])
