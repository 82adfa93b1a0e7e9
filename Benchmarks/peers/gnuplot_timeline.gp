# gnuplot_timeline.gp: the benchmark's event timeline drawn by gnuplot (5.2 or later).
#
#   gnuplot -e "events='EVENTS.csv'; out='OUT.png'" gnuplot_timeline.gp   pngcairo, 1600x900 px
#   gnuplot -e "events='EVENTS.csv'; out='OUT.pdf'" gnuplot_timeline.gp   pdfcairo, 16x9 in
#
# Every event is a dot (no binning): one lane per actor, coloured by event type, on a date
# axis from 2014 to 2020 with a tick at each 1 January, lane labels, a legend and a title.
# The page itself is gnuplot_timeline_page.gp (the briefing's first page too).

if (!exists("events") || !exists("out")) {
    print "usage: gnuplot -e \"events='EVENTS.csv'; out='OUT.png|OUT.pdf'\" gnuplot_timeline.gp"
    exit status 2
}
here = ARG0[1:strstrt(ARG0, "gnuplot_timeline.gp") - 1]

if (out[strlen(out) - 3:] eq ".pdf") {
    set terminal pdfcairo size 16in, 9in font "sans,12" fontscale 0.72
} else {
    set terminal pngcairo size 1600, 900 font "sans,12" fontscale 1
}
set output out

load here . "gnuplot_timeline_page.gp"

unset output
set print "-"
print sprintf("events %d lanes %d types %d", count, |actors|, |types|)
