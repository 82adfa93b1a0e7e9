#ifndef REPORT_CFONTS_H
#define REPORT_CFONTS_H
#include <stddef.h>

/// One font file built into the executable: its file name and its bytes.
struct report_embedded_font {
    const char *name;
    const unsigned char *start;
    const unsigned char *end;
};

/// How many fonts are built in.
size_t report_embedded_font_count(void);
/// The font at `index`, or NULL past the end.
const struct report_embedded_font *report_embedded_font(size_t index);

#endif
