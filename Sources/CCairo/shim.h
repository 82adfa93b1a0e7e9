#ifndef REPORT_CCAIRO_SHIM_H
#define REPORT_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>
#include <zlib.h>

/// GObject's cast macros do not import into Swift; these helpers stand in for them.
static inline PangoFcFontMap *report_pango_fc_font_map(PangoFontMap *map) {
    return PANGO_FC_FONT_MAP(map);
}
static inline void report_g_object_unref(void *object) { g_object_unref(object); }
#endif
