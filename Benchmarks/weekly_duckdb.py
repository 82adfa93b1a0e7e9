#!/usr/bin/env python3
"""Peer for the benchmark's "events per week by event type": DuckDB runs the GROUP BY from
the CSV (ISO weeks, Monday start) and prints what it found, for bench.py to check:

    rows 1000000 groups 1872 digest 0123456789abcdef

`rows` is the sum of the counts, `groups` the number of (week, type) pairs with rows, and
`digest` the first 16 hex digits of the sha256 of the sorted `YYYY-MM-DD,type,count` lines
(the week's Monday), the same digest weekly_pandas.py and bench.py's own count print.
DuckDB is a benchmark peer only (`pip install duckdb`), never something report needs.

usage: weekly_duckdb.py EVENTS.csv
"""
import sys

import duckdb
from weekly_summary import print_summary


def main(path):
    rows = duckdb.sql(
        "SELECT CAST(date_trunc('week', CAST(date AS DATE)) AS DATE) AS week, event_type, count(*) AS n "
        "FROM read_csv($path, header = true) GROUP BY ALL",
        params={"path": path}).fetchall()
    print_summary((week.isoformat(), kind, n) for week, kind, n in rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
