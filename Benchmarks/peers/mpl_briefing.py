#!/usr/bin/env python3
"""The benchmark's 3-page briefing drawn by matplotlib: one PDF (A4 landscape, as report's
default page), a figure per page:
  1. the event timeline (mpl_timeline.draw_timeline),
  2. force levels: each force's level as steps (a row with `count` sets it, a row with
     `change` adds to it, as report's troops block reads troops.csv),
  3. displacement: the families that reached each destination, a bar each (alphabetical).

usage: mpl_briefing.py EVENTS.csv TROOPS.csv DISPLACEMENT.csv OUT.pdf

Prints "events N forces F destinations D families S" on stdout.
"""
import collections
import csv
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mpl_timeline import draw_timeline, plt  # noqa: E402  (Agg chosen there)
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

A4_LANDSCAPE = (11.69, 8.27)
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]


def force_levels(path):
    """{force: ([dates], [levels])} from rows of date,force,count,change."""
    levels = collections.defaultdict(lambda: ([], []))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            dates, values = levels[row["force"]]
            if row["count"]:
                level = float(row["count"])
            else:
                level = values[-1] + float(row["change"])
            dates.append(datetime.date.fromisoformat(row["date"]))
            values.append(level)
    return levels


def families_by_destination(path):
    totals = collections.Counter()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            totals[row["destination"]] += int(row["families"])
    return totals


def title(fig, text, subtitle=None):
    fig.text(0.03, 0.94, text, fontsize=18, fontweight="bold")
    if subtitle:
        fig.text(0.03, 0.905, subtitle, fontsize=12)


def plain_axes(fig, rect):
    ax = fig.add_axes(rect)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.75)
    ax.set_axisbelow(True)
    return ax


def main(argv):
    if len(argv) != 4 or not argv[3].endswith(".pdf"):
        sys.exit(__doc__)
    events, troops, flows, out = argv
    with PdfPages(out) as pdf:
        fig = plt.figure(figsize=A4_LANDSCAPE)
        drawn = draw_timeline(fig, events, scale=A4_LANDSCAPE[0] / 16)[0]
        pdf.savefig(fig)
        plt.close(fig)

        fig = plt.figure(figsize=A4_LANDSCAPE)
        title(fig, "Force levels")
        ax = plain_axes(fig, [0.08, 0.08, 0.88, 0.78])
        levels = force_levels(troops)
        for i, (force, (dates, values)) in enumerate(sorted(levels.items())):
            ax.step(dates, values, where="post", linewidth=2, color=COLORS[i % len(COLORS)], label=force)
        ax.set_xlim(datetime.date(2015, 1, 1), datetime.date(2020, 1, 1))
        ax.set_ylim(bottom=0)
        ax.set_ylabel("Troops")
        ax.legend(loc="lower right", frameon=False)
        pdf.savefig(fig)
        plt.close(fig)

        fig = plt.figure(figsize=A4_LANDSCAPE)
        title(fig, "Displacement", "Families by destination, 2015-2019")
        ax = plain_axes(fig, [0.08, 0.08, 0.88, 0.76])
        totals = families_by_destination(flows)
        places = sorted(totals)
        bars = ax.bar(places, [totals[p] for p in places], width=0.7, color="#0072B2")
        ax.bar_label(bars, fmt="%d", padding=3)
        ax.set_ylabel("Families")
        pdf.savefig(fig)
        plt.close(fig)
    print(f"events {drawn} forces {len(levels)} destinations {len(totals)} families {sum(totals.values())}")


if __name__ == "__main__":
    main(sys.argv[1:])
