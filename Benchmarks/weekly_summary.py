"""What a peer of the "events per week by event type" benchmark prints, in one place, so
that bench.py can compare peers with each other and with its own count of the file:

    rows 1000000 groups 1872 digest 0123456789abcdef

`counts` is an iterable of (week start as YYYY-MM-DD, event type, count); the digest is the
first 16 hex digits of the sha256 of its sorted "week,type,count" lines.
"""
import hashlib


def print_summary(counts):
    lines = sorted(f"{week},{kind},{n}" for week, kind, n in counts)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    total = sum(int(line.rsplit(",", 1)[1]) for line in lines)
    print(f"rows {total} groups {len(lines)} digest {digest}")
