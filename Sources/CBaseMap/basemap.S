/* The base map (data/ne_10m_admin_0_countries.bin, made by make-basemap.py; see data/SOURCE.md)
   inside the executable, so that maps draw offline and a copied `report` carries them.
   `.incbin` reads the file from data/ (on the include path: see Package.swift) when this file
   is assembled. SwiftPM does not know the .bin is an input: after regenerating it, touch this
   file (BaseMapTests compare the embedded bytes with the file and its sha256 with SOURCE.md). */
    .section .rodata
    /* 16-byte alignment keeps the header's and the tables' integers 4-byte aligned (their
       sizes are multiples of 4), whatever the reader assumes. */
    .balign 16
    .globl report_basemap_start
    .hidden report_basemap_start
report_basemap_start:
    .incbin "ne_10m_admin_0_countries.bin"
    .globl report_basemap_end
    .hidden report_basemap_end
report_basemap_end:
    .section .note.GNU-stack,"",@progbits
