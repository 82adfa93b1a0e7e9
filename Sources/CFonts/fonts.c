#include "CFonts.h"

/* Each font's first and last byte, from fonts.S. */
extern const unsigned char report_font_NotoSans_Bold_start[], report_font_NotoSans_Bold_end[];
extern const unsigned char report_font_NotoSans_BoldItalic_start[], report_font_NotoSans_BoldItalic_end[];
extern const unsigned char report_font_NotoSans_Italic_start[], report_font_NotoSans_Italic_end[];
extern const unsigned char report_font_NotoSans_Regular_start[], report_font_NotoSans_Regular_end[];
extern const unsigned char report_font_NotoSansArabic_Bold_start[], report_font_NotoSansArabic_Bold_end[];
extern const unsigned char report_font_NotoSansArabic_Regular_start[], report_font_NotoSansArabic_Regular_end[];
extern const unsigned char report_font_NotoSansMath_Regular_start[], report_font_NotoSansMath_Regular_end[];
extern const unsigned char report_font_OFL_start[], report_font_OFL_end[];

static const struct report_embedded_font fonts[] = {
    {"NotoSans-Bold.ttf", report_font_NotoSans_Bold_start, report_font_NotoSans_Bold_end},
    {"NotoSans-BoldItalic.ttf", report_font_NotoSans_BoldItalic_start, report_font_NotoSans_BoldItalic_end},
    {"NotoSans-Italic.ttf", report_font_NotoSans_Italic_start, report_font_NotoSans_Italic_end},
    {"NotoSans-Regular.ttf", report_font_NotoSans_Regular_start, report_font_NotoSans_Regular_end},
    {"NotoSansArabic-Bold.ttf", report_font_NotoSansArabic_Bold_start, report_font_NotoSansArabic_Bold_end},
    {"NotoSansArabic-Regular.ttf", report_font_NotoSansArabic_Regular_start, report_font_NotoSansArabic_Regular_end},
    {"NotoSansMath-Regular.ttf", report_font_NotoSansMath_Regular_start, report_font_NotoSansMath_Regular_end},
    /* The SIL Open Font License the fonts come under travels with them. */
    {"OFL.txt", report_font_OFL_start, report_font_OFL_end},
};

size_t report_embedded_font_count(void) { return sizeof fonts / sizeof fonts[0]; }

const struct report_embedded_font *report_embedded_font(size_t index) {
    return index < report_embedded_font_count() ? &fonts[index] : 0;
}
