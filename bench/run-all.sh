#!/usr/bin/env bash
# Runs the four benchmark configurations (SQLite and PostgreSQL, throughput and 500 msg/s) N times each (default 2)
# and collects the markdown fragments in bench-results/. Before each run it waits (up to 30 seconds) until the
# machine is nearly idle, since other work on a 2-core box skews the figures; each report says how much CPU
# other processes took anyway. Usage: bench/run-all.sh [runs] [extra flags for every run]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-2}
shift || true
out=bench-results
mkdir -p "$out"
dotnet build bench/Bot.Bench -c Release -v quiet -nologo >/dev/null
bench=bench/Bot.Bench/bin/Release/net10.0/Bot.Bench

# Busy share of all CPUs over 3 s, in percent, from /proc/stat.
busy_percent() {
    local a b
    read -ra a < <(head -1 /proc/stat)
    sleep 3
    read -ra b < <(head -1 /proc/stat)
    local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
    echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}

wait_for_quiet() {
    local waited=0 busy
    while busy=$(busy_percent); ((busy > 15 && waited < 30)); do
        echo "machine ${busy}% busy; waiting ..."
        waited=$((waited + 3))
    done
}

for run in $(seq 1 "$runs"); do
    for store in sqlite postgres; do
        for mode in throughput rate; do
            wait_for_quiet
            "$bench" --store "$store" --mode "$mode" --markdown "$out/$store-$mode-$run.md" "$@" |
                grep -vE '^\s*(Shopper demo page|Agent API docs|Health):|WebRootPath|StaticFileMiddleware|^$' || true
        done
    done
done
