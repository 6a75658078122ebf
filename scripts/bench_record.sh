# Sourced by scripts/bench-*: `record KEY VALUE` appends `KEY<TAB>VALUE` to $BENCH_RESULTS when it
# is set, and `scripts/bench all` gathers those lines into the summary table of BENCHMARKS.md.
record() { [ -z "${BENCH_RESULTS:-}" ] || printf '%s\t%s\n' "$1" "$2" >>"$BENCH_RESULTS"; }
