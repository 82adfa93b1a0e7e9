#!/usr/bin/env bash
# The sha256 of every output `report` makes from this repository: the example report, the
# `report init` starter, every diagnostics-corpus spec (render and validate: exit code,
# stderr, files), `report schema`, and benchmark-style specs at 1k and 10k events.
# Run it with the binary before and after a change that must change no output, and diff:
#
#   Tests/output-hashes.sh .build/release/report /tmp/before.txt   # (on the old commit)
#   Tests/output-hashes.sh .build/release/report /tmp/after.txt
#   diff /tmp/before.txt /tmp/after.txt
#
# Usage: Tests/output-hashes.sh BINARY OUTFILE
set -uo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd); BIN=$(realpath "$1"); OUT=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/report-hashes.XXXX")
export SOURCE_DATE_EPOCH=
unset SOURCE_DATE_EPOCH
export REPORT_FONTS=$REPO/Fonts
{
  cp -r "$REPO/Reports/raqqa-2017" "$W/ex"; rm -rf "$W/ex/out"
  "$BIN" render "$W/ex/report.json" --quiet; echo "example exit $?"
  (cd "$W/ex/out" && sha256sum * | sed 's/^/example /')
  "$BIN" schema | sha256sum | sed 's/^/schema /'
  "$BIN" init "$W/init" >/dev/null; "$BIN" render "$W/init/report.json" --quiet; echo "init exit $?"
  (cd "$W/init/out" && sha256sum * | sed 's/^/init /')
  for d in "$REPO"/Tests/DiagnosticCases/*/; do
    name=$(basename "$d"); [[ $name == _* ]] && continue
    spec=$(ls "$d" | grep -E '^spec\.(json|yaml|yml)$' | head -1); [ -z "$spec" ] && continue
    rootopt=(); [ -f "$d/root" ] && rootopt=(--root "$d/$(cat "$d/root")")
    rm -rf "$W/c"; mkdir -p "$W/c"
    (cd "$d" && "$BIN" render "$spec" --out-dir "$W/c" "${rootopt[@]}" 2>"$W/err"); code=$?
    echo "corpus-render $name exit $code stderr $(sed "s#$W#W#g" "$W/err" | sha256sum | cut -c1-16)"
    (cd "$W/c" && find . -type f | sort | xargs -r sha256sum | sed "s/^/corpus-file $name /")
    (cd "$d" && "$BIN" validate "$spec" "${rootopt[@]}" 2>"$W/err"); code=$?
    echo "corpus-validate $name exit $code stderr $(sha256sum < "$W/err" | cut -c1-16)"
  done
  python3 "$REPO/Benchmarks/gen_data.py" "$W/bench" --sizes 1k,10k >/dev/null
  cp "$REPO/Reports/raqqa-2017/data/"* "$W/bench/" 2>/dev/null
  for n in 1k 10k; do
    cat > "$W/bench/t$n.json" <<J
{"report":1,"title":"Bench $n","as_of":"2019-12-31","data":{"e":{"file":"events_$n.csv"},"t":{"file":"troops.csv"},"d":{"file":"displacement.csv"}},
"sections":[{"id":"tl","type":"timeline","data":"e","date":"date","lane":"actor","color":"event_type","size":"fatalities","label":"location"},
{"id":"tr","type":"troops","data":"t","date":"date","force":"force","count":"count"},
{"id":"dp","type":"displacement","data":"d","date":"date","from":"origin","to":"destination","value":"families","unit":"families"},
{"id":"tb","type":"table","data":"e","columns":["date","actor","fatalities"],"sort":"-fatalities","limit":20}],
"outputs":[{"file":"o$n/all.pdf"},{"file":"o$n/tl.png","block":"tl","width":1600,"height":900},{"file":"o$n/tl.svg","block":"tl"},{"file":"o$n/tr.png","block":"tr"},{"file":"o$n/dp.png","block":"dp"}]}
J
    "$BIN" render "$W/bench/t$n.json" --quiet; echo "bench $n exit $?"
    (cd "$W/bench/o$n" 2>/dev/null && sha256sum * | sed "s/^/bench-$n /")
  done
} > "$OUT" 2>&1
rm -rf "$W"
