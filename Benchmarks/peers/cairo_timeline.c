/* cairo_timeline: the naive floor of the benchmark's event timeline.
 *
 * Reads an events CSV (date,actor,event_type,location,fatalities,source; no quoted
 * fields, as Benchmarks/gen_data.py writes it) with plain stdio and draws, with Cairo,
 * every event as a dot: one lane per actor (lanes in alphabetical order), dots coloured
 * by event type (colours given in alphabetical order of the types), a date axis from
 * 2014-01-01 to 2020-01-01 with a tick at each year, lane labels, a legend and a title.
 * No binning, no aggregation: one arc and one fill per event.
 *
 *   cairo_timeline EVENTS.csv OUT.png   1600x900 px
 *   cairo_timeline EVENTS.csv OUT.pdf   16x9 in (1152x648 pt)
 *
 * Prints "events N lanes L types T" (the dots drawn) on stdout.
 * Build: gcc -O2 -o cairo_timeline cairo_timeline.c $(pkg-config --cflags --libs cairo)
 */
#include <cairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 256
#define W 1152.0 /* the page in points; the PNG is this scaled by 1600/1152 */
#define H 648.0

struct event {
    int day;            /* days since 1970-01-01 */
    unsigned char lane; /* index into actors[] */
    unsigned char type; /* index into types[] */
};

static const unsigned palette[] = {0x0072B2, 0xCC79A7, 0x009E73, 0x56B4E9, 0xE69F00,
                                   0xD55E00, 0xF0E442, 0x000000, 0x999999, 0x882255};
#define NCOLORS (sizeof palette / sizeof palette[0])

static char *actors[MAX_NAMES], *types[MAX_NAMES];
static int nactors, ntypes;

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int intern(char **names, int *count, const char *name) {
    for (int i = 0; i < *count; i++)
        if (strcmp(names[i], name) == 0) return i;
    if (*count == MAX_NAMES) {
        fprintf(stderr, "more than %d distinct values\n", MAX_NAMES);
        exit(1);
    }
    names[*count] = strdup(name);
    return (*count)++;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts names[] alphabetically; order[old index] = new index. */
static void sort_names(char **names, int count, int *order) {
    char *sorted[MAX_NAMES];
    memcpy(sorted, names, count * sizeof *names);
    qsort(sorted, count, sizeof *sorted, cmp_name);
    for (int i = 0; i < count; i++)
        for (int j = 0; j < count; j++)
            if (sorted[j] == names[i]) order[i] = j;
    memcpy(names, sorted, count * sizeof *names);
}

static void set_rgb(cairo_t *cr, unsigned rgb, double alpha) {
    cairo_set_source_rgba(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0, alpha);
}

static void text(cairo_t *cr, double x, double y, const char *s, double size, int bold, double align) {
    cairo_text_extents_t ext;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &ext);
    cairo_move_to(cr, x - align * ext.x_advance, y);
    cairo_show_text(cr, s);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s EVENTS.csv OUT.png|OUT.pdf\n", argv[0]);
        return 2;
    }
    const char *out = argv[2];
    size_t len = strlen(out);
    int pdf = len > 4 && strcmp(out + len - 4, ".pdf") == 0;
    if (!pdf && !(len > 4 && strcmp(out + len - 4, ".png") == 0)) {
        fprintf(stderr, "%s: the output must end in .png or .pdf\n", out);
        return 2;
    }

    /* Read every event. */
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char line[4096];
    size_t n = 0, cap = 1024;
    struct event *ev = malloc(cap * sizeof *ev);
    int first_day = days_from_civil(2014, 1, 1), end_day = days_from_civil(2020, 1, 1);
    if (!fgets(line, sizeof line, f) || strncmp(line, "date,actor,event_type,", 22) != 0) {
        fprintf(stderr, "%s: expected the header date,actor,event_type,...\n", argv[1]);
        return 1;
    }
    long lineno = 1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0]) continue;
        char *actor = strchr(line, ',');
        char *type = actor ? strchr(actor + 1, ',') : NULL;
        char *rest = type ? strchr(type + 1, ',') : NULL;
        int y, m, d;
        if (!rest || sscanf(line, "%d-%d-%d", &y, &m, &d) != 3) {
            fprintf(stderr, "%s:%ld: cannot read this row\n", argv[1], lineno);
            return 1;
        }
        *actor++ = 0;
        *type++ = 0;
        *rest = 0;
        int day = days_from_civil(y, m, d);
        if (day < first_day || day >= end_day) continue; /* outside 2014-2019 */
        if (n == cap) ev = realloc(ev, (cap *= 2) * sizeof *ev);
        ev[n].day = day;
        ev[n].lane = intern(actors, &nactors, actor);
        ev[n].type = intern(types, &ntypes, type);
        n++;
    }
    fclose(f);
    int lane_of[MAX_NAMES], type_of[MAX_NAMES];
    sort_names(actors, nactors, lane_of);
    sort_names(types, ntypes, type_of);

    /* The surface: PDF in points, PNG scaled to 1600x900 px. */
    cairo_surface_t *surface = pdf ? cairo_pdf_surface_create(out, W, H)
                                   : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1600, 900);
    cairo_t *cr = cairo_create(surface);
    if (!pdf) cairo_scale(cr, 1600 / W, 900 / H);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    /* Title and legend. */
    set_rgb(cr, 0x222222, 1);
    text(cr, 24, 38, "Conflict events by actor, 2014-2019", 22, 1, 0);
    double lx = 24;
    for (int t = 0; t < ntypes; t++) {
        set_rgb(cr, palette[t % NCOLORS], 1);
        cairo_new_path(cr); /* the text left a current point: no line from it */
        cairo_arc(cr, lx + 5, 62, 5, 0, 6.283185307179586);
        cairo_fill(cr);
        set_rgb(cr, 0x222222, 1);
        cairo_text_extents_t ext;
        text(cr, lx + 15, 66.5, types[t], 13, 0, 0);
        cairo_text_extents(cr, types[t], &ext);
        lx += 15 + ext.x_advance + 22;
    }

    /* Plot area, lanes and their labels. */
    double x0 = 215, x1 = W - 30, y0 = 84, y1 = H - 52;
    double lane_h = nactors ? (y1 - y0) / nactors : 0;
    double per_day = (x1 - x0) / (end_day - first_day);
    cairo_set_line_width(cr, 0.75);
    for (int l = 0; l < nactors; l++) {
        double top = y0 + l * lane_h;
        if (l > 0) {
            set_rgb(cr, 0xDDDDDD, 1);
            cairo_move_to(cr, 24, top);
            cairo_line_to(cr, x1, top);
            cairo_stroke(cr);
        }
        set_rgb(cr, 0x222222, 1);
        text(cr, 24, top + lane_h / 2 + 5, actors[l], 14, 1, 0);
    }

    /* Date axis: a tick and a label at each 1 January. */
    set_rgb(cr, 0x555555, 1);
    cairo_move_to(cr, x0, y1);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    for (int year = 2014; year <= 2020; year++) {
        double x = x0 + (days_from_civil(year, 1, 1) - first_day) * per_day;
        set_rgb(cr, 0xE5E5E5, 1);
        cairo_move_to(cr, x, y0);
        cairo_line_to(cr, x, y1);
        cairo_stroke(cr);
        set_rgb(cr, 0x555555, 1);
        cairo_move_to(cr, x, y1);
        cairo_line_to(cr, x, y1 + 6);
        cairo_stroke(cr);
        char label[8];
        snprintf(label, sizeof label, "%d", year);
        text(cr, x, y1 + 22, label, 13, 0, 0.5);
    }

    /* Every event, one dot each. */
    for (size_t i = 0; i < n; i++) {
        double x = x0 + (ev[i].day - first_day + 0.5) * per_day;
        double y = y0 + (lane_of[ev[i].lane] + 0.5) * lane_h;
        set_rgb(cr, palette[type_of[ev[i].type] % NCOLORS], 1);
        cairo_new_path(cr);
        cairo_arc(cr, x, y, 4, 0, 6.283185307179586);
        cairo_fill(cr);
    }

    cairo_destroy(cr);
    cairo_status_t status = pdf ? (cairo_surface_finish(surface), cairo_surface_status(surface))
                                : cairo_surface_write_to_png(surface, out);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "%s: %s\n", out, cairo_status_to_string(status));
        return 1;
    }
    printf("events %zu lanes %d types %d\n", n, nactors, ntypes);
    return 0;
}
