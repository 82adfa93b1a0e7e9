# gnuplot_briefing.gp: the benchmark's 3-page briefing drawn by gnuplot (5.2 or later),
# one PDF page per plot (pdfcairo, A4 landscape, as report's default page):
#   1. the event timeline (gnuplot_timeline_page.gp),
#   2. force levels: each force's level as steps (a row with `count` sets it, a row with
#      `change` adds to it, as report's troops block reads troops.csv),
#   3. displacement: the families that reached each destination, a bar each (alphabetical).
#
#   gnuplot -e "events='events_1k.csv'; troops='troops.csv'; flows='displacement.csv'; out='OUT.pdf'" gnuplot_briefing.gp
#
# Prints "events N forces F destinations D families S" on stdout.
# The forces and destinations are written out below (those Benchmarks/gen_data.py writes):
# gnuplot cannot list a column's distinct texts without an extra pass.

if (!exists("events") || !exists("troops") || !exists("flows") || !exists("out")) {
    print "usage: gnuplot -e \"events='E.csv'; troops='T.csv'; flows='D.csv'; out='OUT.pdf'\" gnuplot_briefing.gp"
    exit status 2
}
here = ARG0[1:strstrt(ARG0, "gnuplot_briefing.gp") - 1]

set terminal pdfcairo size 11.69in, 8.27in font "sans,12" fontscale 0.6
set output out

# Page 1: the timeline.
load here . "gnuplot_timeline_page.gp"
events_drawn = count

# Page 2: force levels.
reset
array forces[2] = ["US troops in Iraq", "US troops in Syria"]
array force_colors[2] = ["#0072B2", "#D55E00"]
# A row of force f: its count, or the last level plus its change (each force's first row
# has a count); NaN for the other forces' rows, which leave `level` alone (the `using`
# expressions are worked out before the `if`). Each force's rows go to a table of its own,
# so that its steps join up.
level_of(f) = strcol(2) eq forces[f] ? (valid(3) ? (level = column(3)) : (level = level + column(4))) : NaN
set datafile separator ","
do for [f = 1:|forces|] {
    eval sprintf("set table $force%d", f)
    plot troops skip 1 using (strcol(1)):(level_of(f)) with table if (strcol(2) eq forces[f])
    unset table
}
set datafile separator whitespace
set xdata time
set timefmt "%Y-%m-%d"
set xrange [strptime("%Y-%m-%d", "2015-01-01"):strptime("%Y-%m-%d", "2020-01-01")]
set xtics () nomirror out
do for [year = 2015:2020] {
    set xtics add (sprintf("%d", year) strptime("%Y-%m-%d", sprintf("%d-01-01", year)))
}
set yrange [0:*]
set ytics nomirror out
set format y "%.0f"
set ylabel "Troops"
set grid ytics lc rgb "#E5E5E5" lw 0.75
set border 3 lc rgb "#555555"
set label 1 "Force levels" at screen 0.03, 0.95 font "sans:Bold,22"
set key bottom right reverse Left font "sans,13"
set tmargin at screen 0.88
plot for [f = 1:|forces|] sprintf("$force%d", f) using 1:2 with steps lw 2.5 lc rgb force_colors[f] title forces[f]

# Page 3: displacement, families per destination.
reset
array places[8] = ["Azaz", "Deir ez-Zor", "Erbil", "Hama", "Hasakah", "Homs", "Kobani", "Raqqa"]
place_of(s, i) = i > |places| ? NaN : places[i] eq s ? i : place_of(s, i + 1)
set datafile separator ","
set table $sums
plot flows skip 1 using (place_of(strcol(3), 1)):4 smooth frequency
unset table
set datafile separator whitespace
stats $sums using 2 nooutput
set xrange [0.4:|places| + 0.6]
set yrange [0:STATS_max * 1.12]
set xtics () scale 0 font "sans,13"
do for [i = 1:|places|] {
    set xtics add (places[i] i)
}
set ytics nomirror out
set format y "%.0f"
set ylabel "Families"
set grid ytics lc rgb "#E5E5E5" lw 0.75
set border 3 lc rgb "#555555"
set style fill solid 1.0 noborder
set boxwidth 0.7
set label 1 "Displacement" at screen 0.03, 0.95 font "sans:Bold,22"
set label 2 "Families by destination, 2015-2019" at screen 0.03, 0.91 font "sans,14"
set tmargin at screen 0.86
plot $sums using 1:2 with boxes lc rgb "#0072B2" notitle, \
     $sums using 1:2:(sprintf("%.0f", $2)) with labels offset 0, 0.8 font "sans,12" notitle

unset output
set print "-"
print sprintf("events %d forces %d destinations %d families %d", events_drawn, |forces|, STATS_records, STATS_sum)
