/* The project's fonts (and their licence) inside the executable, so that a copied `report` carries them.
   `.incbin` reads each file from Fonts/ (on the include path: see Package.swift) when this
   file is assembled. SwiftPM does not know these files are inputs: after changing a font,
   touch this file (the FontEmbeddingTests compare every byte with Fonts/). */
    .section .rodata
    .balign 16
    .globl report_font_NotoSans_Bold_start
    .hidden report_font_NotoSans_Bold_start
report_font_NotoSans_Bold_start:
    .incbin "NotoSans-Bold.ttf"
    .globl report_font_NotoSans_Bold_end
    .hidden report_font_NotoSans_Bold_end
report_font_NotoSans_Bold_end:
    .balign 16
    .globl report_font_NotoSans_BoldItalic_start
    .hidden report_font_NotoSans_BoldItalic_start
report_font_NotoSans_BoldItalic_start:
    .incbin "NotoSans-BoldItalic.ttf"
    .globl report_font_NotoSans_BoldItalic_end
    .hidden report_font_NotoSans_BoldItalic_end
report_font_NotoSans_BoldItalic_end:
    .balign 16
    .globl report_font_NotoSans_Italic_start
    .hidden report_font_NotoSans_Italic_start
report_font_NotoSans_Italic_start:
    .incbin "NotoSans-Italic.ttf"
    .globl report_font_NotoSans_Italic_end
    .hidden report_font_NotoSans_Italic_end
report_font_NotoSans_Italic_end:
    .balign 16
    .globl report_font_NotoSans_Regular_start
    .hidden report_font_NotoSans_Regular_start
report_font_NotoSans_Regular_start:
    .incbin "NotoSans-Regular.ttf"
    .globl report_font_NotoSans_Regular_end
    .hidden report_font_NotoSans_Regular_end
report_font_NotoSans_Regular_end:
    .balign 16
    .globl report_font_NotoSansArabic_Bold_start
    .hidden report_font_NotoSansArabic_Bold_start
report_font_NotoSansArabic_Bold_start:
    .incbin "NotoSansArabic-Bold.ttf"
    .globl report_font_NotoSansArabic_Bold_end
    .hidden report_font_NotoSansArabic_Bold_end
report_font_NotoSansArabic_Bold_end:
    .balign 16
    .globl report_font_NotoSansArabic_Regular_start
    .hidden report_font_NotoSansArabic_Regular_start
report_font_NotoSansArabic_Regular_start:
    .incbin "NotoSansArabic-Regular.ttf"
    .globl report_font_NotoSansArabic_Regular_end
    .hidden report_font_NotoSansArabic_Regular_end
report_font_NotoSansArabic_Regular_end:
    .balign 16
    .globl report_font_NotoSansMath_Regular_start
    .hidden report_font_NotoSansMath_Regular_start
report_font_NotoSansMath_Regular_start:
    .incbin "NotoSansMath-Regular.ttf"
    .globl report_font_NotoSansMath_Regular_end
    .hidden report_font_NotoSansMath_Regular_end
report_font_NotoSansMath_Regular_end:
    .balign 16
    .globl report_font_OFL_start
    .hidden report_font_OFL_start
report_font_OFL_start:
    .incbin "OFL.txt"
    .globl report_font_OFL_end
    .hidden report_font_OFL_end
report_font_OFL_end:
    .section .note.GNU-stack,"",@progbits
