#!/usr/bin/env python3
"""Peer for the benchmark's "events per week by event type": pandas reads the CSV
(`read_csv`, dates parsed), puts each row in its ISO week (the Monday on or before its
date) and counts rows per week and type with `groupby`. It prints what it found, in the
form weekly_duckdb.py describes, for bench.py to check:

    rows 1000000 groups 1872 digest 0123456789abcdef

pandas is a benchmark peer only (`pip install pandas`), never something report needs.

usage: weekly_pandas.py EVENTS.csv
"""
import sys

import pandas as pd
from weekly_summary import print_summary


def main(path):
    events = pd.read_csv(path, parse_dates=["date"])
    week = events["date"] - pd.to_timedelta(events["date"].dt.day_of_week, unit="D")
    counts = events.groupby([week, events["event_type"]]).size()
    print_summary((w.date().isoformat(), kind, int(n)) for (w, kind), n in counts.items())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
