#!/usr/bin/env bash
# End-to-end benchmark of `dto validate`, against `wc -l` on the same file in the same run.
#
#   scripts/bench.sh            national preset (about 300 000 students), and loading it
#   scripts/bench.sh stress     also the stress preset (about 3 million students)
#
# For each file: generates it with dto-gen (error rate 0.001, fixed seed), reads it back
# into the page cache as from disk, then times RUNS rounds of `wc -l`,
# `dto validate --threads 1` and `--threads 2` (findings written to a file), one after the
# other in each round, so that a change in the machine's load weighs on all three alike.
# Reports each command's best and median run as MB/s and records/s and as a ratio to
# `wc -l`'s, and peak memory (/usr/bin/time -v). Then times `dto load` and `dto stats` on
# the national preset without errors (LOAD_RUNS rounds, 3 by default). Instructions per record come from
# callgrind on a smaller generated file (stable on a noisy machine). Needs: cargo, wc, dd,
# /usr/bin/time; valgrind for the instruction count (skipped when absent).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
WORK=${WORK:-target/bench}
mkdir -p "$WORK"

cargo build --release --workspace --quiet
DTO=target/release/dto
GEN=target/release/dto-gen

now() { date +%s.%N; }

# seconds one run of a command takes
time_of() {
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1 || true
  t1=$(now)
  echo "$t0 $t1" | awk '{print $2-$1}'
}

# "best median" of the seconds given
best_median() {
  printf '%s\n' "$@" | sort -g | awk '{t[NR]=$1} END {m=(NR%2)?t[(NR+1)/2]:(t[NR/2]+t[NR/2+1])/2; print t[1], m}'
}

peak_kb() {
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}'
}

bench_file() {
  local preset=$1
  local file=$WORK/$preset.txt
  echo "== $preset preset"
  local t0 t1
  t0=$(now)
  "$GEN" --preset "$preset" --seed 1 --error-rate 0.001 --out "$file" 2>/dev/null
  t1=$(now)
  local bytes records
  bytes=$(stat -c %s "$file")
  records=$(wc -l <"$file")
  awk -v b="$bytes" -v s="$(echo "$t0 $t1" | awk '{print $2-$1}')" \
    'BEGIN {printf "generated %.1f MB in %.2f s: %.0f MB/s\n", b/1e6, s, b/1e6/s}'
  # Into the page cache as a file read from disk sits there: dropped, then read once. A file
  # just written stays cached in 4 KiB pages, and mapping it costs the kernel several times
  # more than a file read back in large folios: a nightly run reads files received earlier.
  sync "$file" # dirty pages are not dropped
  dd if="$file" iflag=nocache count=0 status=none
  cat "$file" >/dev/null

  local wc_runs=() j1_runs=() j2_runs=()
  for _ in $(seq "$RUNS"); do
    wc_runs+=("$(time_of wc -l "$file")")
    j1_runs+=("$(time_of "$DTO" validate --threads 1 --findings "$WORK/findings.jsonl" "$file")")
    j2_runs+=("$(time_of "$DTO" validate --threads 2 --findings "$WORK/findings.jsonl" "$file")")
  done
  local wc_t t1_t t2_t
  wc_t=$(best_median "${wc_runs[@]}")
  t1_t=$(best_median "${j1_runs[@]}")
  t2_t=$(best_median "${j2_runs[@]}")
  local mem
  mem=$(peak_kb "$DTO" validate --threads 2 --findings "$WORK/findings.jsonl" "$file")
  local findings
  findings=$(wc -l <"$WORK/findings.jsonl")
  printf "file: %.1f MB, %d records, %d findings\n" "$(echo "$bytes" | awk '{print $1/1e6}')" "$records" "$findings"
  printf "%-20s %8s %10s %12s %8s   %8s %8s\n" "command" "best s" "MB/s" "records/s" \
    "x wc -l" "median s" "x wc -l"
  for row in "wc -l:$wc_t" "dto validate -j1:$t1_t" "dto validate -j2:$t2_t"; do
    local name=${row%%:*} t=${row##*:}
    awk -v n="$name" -v t="$t" -v b="$bytes" -v r="$records" -v w="$wc_t" 'BEGIN {
      split(t, x, " "); split(w, y, " ")
      printf "%-20s %8.3f %10.0f %12.0f %8.2f   %8.3f %8.2f\n",
        n, x[1], b/1e6/x[1], r/x[1], x[1]/y[1], x[2], x[2]/y[2]
    }'
  done
  echo "peak memory (dto validate -j2): $((mem / 1024)) MiB"
}

# Loading: the national preset without errors (every bericht accepted), `dto load` into a
# new database, against `dto validate` of the same file in the same round; then the same file
# loaded again (every zending skipped), and `dto stats` of the database.
bench_load() {
  local file=$WORK/national-clean.txt db=$WORK/load.sqlite
  echo "== loading (national preset, no errors)"
  "$GEN" --preset national --seed 1 --error-rate 0 --out "$file" 2>/dev/null
  local bytes students
  bytes=$(stat -c %s "$file")
  students=$(grep -c '^0134' "$file")
  local v_runs=() l_runs=() again_runs=() s_runs=()
  for _ in $(seq "${LOAD_RUNS:-3}"); do
    rm -f "$db" "$db-journal"
    v_runs+=("$(time_of "$DTO" validate "$file")")
    l_runs+=("$(time_of "$DTO" load --db "$db" "$file")")
    # A load or a count that failed would be timed as one that worked.
    "$DTO" stats --db "$db" --out "$WORK/stats" >/dev/null ||
      { echo "dto load or stats failed" >&2; exit 1; }
    again_runs+=("$(time_of "$DTO" load --db "$db" "$file")")
    s_runs+=("$(time_of "$DTO" stats --db "$db" --out "$WORK/stats")")
  done
  local v_t l_t
  v_t=$(best_median "${v_runs[@]}")
  printf "%-28s %8s %10s %12s %14s\n" "command" "best s" "MB/s" "students/s" "x validate"
  for row in "dto validate:$v_t" "dto load (new database):$(best_median "${l_runs[@]}")" \
    "dto load (loaded before):$(best_median "${again_runs[@]}")" \
    "dto stats:$(best_median "${s_runs[@]}")"; do
    local name=${row%%:*} t=${row##*:}
    awk -v n="$name" -v t="$t" -v b="$bytes" -v s="$students" -v v="$v_t" 'BEGIN {
      split(t, x, " "); split(v, y, " ")
      printf "%-28s %8.3f %10.0f %12.0f %14.2f\n", n, x[1], b/1e6/x[1], s/x[1], x[1]/y[1]
    }'
  done
  echo "database: $(($(stat -c %s "$db") / 1048576)) MiB for $students students"
}

bench_file national
bench_load
if [ "${1:-}" = stress ]; then
  bench_file stress
fi

# Instructions of a run on a generated file of $1 students (callgrind, 1 thread), and its
# records: "instructions records".
instructions() {
  local small=$WORK/callgrind-$1.txt
  "$GEN" --students "$1" --institutions 4 --seed 1 --error-rate 0.001 --out "$small" 2>/dev/null
  local total
  total=$({ valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
    "$DTO" validate --threads 1 --findings /dev/null "$small" 2>&1 >/dev/null || true; } |
    awk '/Collected/ {print $4}')
  echo "$total $(wc -l <"$small")"
}

if command -v valgrind >/dev/null; then
  echo "== instructions per record (callgrind, error rate 0.001, 1 thread)"
  read -r small_total small_records < <(instructions 10000)
  read -r total records < <(instructions 20000)
  awk -v t="$total" -v r="$records" 'BEGIN {printf "20 000 students: %d instructions for %d records: %.0f per record\n", t, r, t/r}'
  # The run's fixed cost (start-up, the sample reference tables) falls out of the
  # difference between the two files: what each further record costs.
  awk -v t="$total" -v r="$records" -v s="$small_total" -v q="$small_records" \
    'BEGIN {printf "each further record (20 000 against 10 000 students): %.0f; fixed cost of a run: %.1f M\n", (t-s)/(r-q), (s - (t-s)/(r-q)*q)/1e6}'
fi
