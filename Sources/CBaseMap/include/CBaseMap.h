#ifndef REPORT_CBASEMAP_H
#define REPORT_CBASEMAP_H
#include <stddef.h>

/// The bundled base map's first byte and one past its last, from basemap.S: the bytes of
/// data/ne_10m_admin_0_countries.bin (format: make-basemap.py, ReportCore/Geo/BaseMap.swift).
/// Read-only, in the executable's .rodata, for the whole life of the process.
extern const unsigned char report_basemap_start[];
extern const unsigned char report_basemap_end[];

/* Swift cannot import arrays of unknown size, so it reads the bounds through these. */

/// The first byte of the base map.
static inline const unsigned char *report_basemap_bytes(void) { return report_basemap_start; }
/// How many bytes the base map has.
static inline size_t report_basemap_size(void) { return (size_t)(report_basemap_end - report_basemap_start); }

#endif
