# gnuplot_timeline_page.gp: the event timeline, one page, on the terminal and output set by
# the caller (gnuplot_timeline.gp, gnuplot_briefing.gp), from the CSV named by `events`.
# Sets `count` to the number of dots drawn.
#
# gnuplot cannot list a column's distinct texts without reading the file twice, so the
# actors and event types are written out here, in alphabetical order as the other peers
# sort them: those Benchmarks/gen_data.py writes. An event whose actor is not listed is
# not drawn, and the count the callers print ("events N ...") shows it.

array actors[8] = ["Civilians", "Iraqi forces", "Islamic State", "Russia", "SDF", "Syrian Army", \
                   "Turkish-backed rebels", "US-led coalition"]
array types[6] = ["Battles", "Explosions/Remote violence", "Protests", "Riots", "Strategic developments", \
                  "Violence against civilians"]
array colors[6] = ["#0072B2", "#CC79A7", "#009E73", "#56B4E9", "#E69F00", "#D55E00"]
# the same colours as numbers, for `lc rgb variable`
array rgb[6] = [0x0072B2, 0xCC79A7, 0x009E73, 0x56B4E9, 0xE69F00, 0xD55E00]

# Position of s in the array (1-based), 0 when it is not there.
lane_of(s, i) = i > |actors| ? 0 : actors[i] eq s ? i : lane_of(s, i + 1)
type_of(s, i) = i > |types| ? 0 : types[i] eq s ? i : type_of(s, i + 1)
color_of(s) = (t = type_of(s, 1), t > 0 ? rgb[t] : 0x000000)
# Lane 1 at the top; counts each event it places.
y_of(s) = (l = lane_of(s, 1), l > 0 ? (count = count + 1, |actors| + 1 - l) : NaN)

reset
set datafile separator ","
set xdata time
set timefmt "%Y-%m-%d"
set xrange [strptime("%Y-%m-%d", "2014-01-01"):strptime("%Y-%m-%d", "2020-01-01")]
set yrange [0.5:|actors| + 0.5]
set xtics () scale 1, 0 nomirror out
do for [year = 2014:2020] {
    set xtics add (sprintf("%d", year) strptime("%Y-%m-%d", sprintf("%d-01-01", year)))
}
set ytics () scale 0 font "sans:Bold,14"
do for [i = 1:|actors|] {
    set ytics add (actors[i] (|actors| + 1 - i))
}
do for [i = 1:|actors| - 1] {
    set arrow from graph 0, first i + 0.5 to graph 1, first i + 0.5 nohead lc rgb "#DDDDDD" lw 0.75 back
}
do for [year = 2015:2019] {
    t = strptime("%Y-%m-%d", sprintf("%d-01-01", year))
    set arrow from first t, graph 0 to first t, graph 1 nohead lc rgb "#E5E5E5" lw 0.75 back
}
set border 1 lc rgb "#555555"
set lmargin at screen 0.18
set rmargin at screen 0.975
set tmargin at screen 0.84
set bmargin at screen 0.08
set label 1 "Conflict events by actor, 2014-2019" at screen 0.02, 0.94 font "sans:Bold,22" front
set key at screen 0.015, 0.915 left top horizontal maxrows 2 reverse Left samplen 0.3 width 2 font "sans,13" noautotitle
set tics textcolor rgb "#222222"

count = 0
plot events skip 1 using 1:(y_of(strcol(2))):(color_of(strcol(3))) with points pt 7 ps 1.1 lc rgb variable notitle, \
     for [i = 1:|types|] NaN with points pt 7 ps 1.2 lc rgb colors[i] title types[i]
