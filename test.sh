#!/usr/bin/env bash
# Runs every test in Bot.sln: the one command for developers and for CI (.ci/run calls it).
#
# As root on Debian it first installs what the tests need and the machine lacks: PostgreSQL (not needed
# when BOT_TEST_POSTGRES names an existing server) and Chromium. TRX results go to TestResults/.
# The last line printed is always "N passed, N failed, N skipped", summed over all test projects.
# Exit code: non-zero if a test failed, dotnet test failed, or no test ran at all.
# Arguments go on to dotnet test, e.g. ./test.sh --filter "FullyQualifiedName~Outbox".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

results="$PWD/TestResults"

# command -v also names files that are not executable; -x makes sure.
on_path() {
    local path
    path=$(command -v "$1") && [[ -x $path ]]
}

# Same search as tests/Testing/PostgresBinaries.cs.
have_postgres() {
    local dirs=(/usr/lib/postgresql/*/bin) dir
    if on_path pg_config; then dirs+=("$(pg_config --bindir 2>/dev/null || true)"); fi
    if on_path postgres; then dirs+=("$(dirname "$(command -v postgres)")"); fi
    for dir in "${dirs[@]}"; do
        if [[ -n $dir && -x $dir/initdb && -x $dir/postgres ]]; then return 0; fi
    done
    return 1
}

have_chromium() {
    on_path chromium || on_path chromium-browser
}

install_missing() {
    local missing=()
    if [[ -z ${BOT_TEST_POSTGRES:-} ]] && ! have_postgres; then missing+=(postgresql); fi
    # --no-install-recommends keeps the install small, but then Chromium comes without any fonts.
    if ! have_chromium; then missing+=(chromium fonts-liberation); fi
    if ((${#missing[@]} == 0)); then return; fi

    if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
        echo "test.sh: missing ${missing[*]}; tests that need them will fail." >&2
        echo "test.sh: install them with: sudo apt-get install -y ${missing[*]}" >&2
        return
    fi
    echo "test.sh: installing ${missing[*]} ..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
       ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        echo "test.sh: could not install ${missing[*]}; tests that need them will fail." >&2
    fi
}

# Sums the <Counters .../> of every TRX file; a test that ran but did not pass counts as failed.
summarize() {
    { find "$results" -name '*.trx' -exec grep -ho '<Counters [^>]*>' {} + 2>/dev/null || true; } |
        awk '
            function attr(name) { return match($0, " " name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0 : 0 }
            {
                passed  += attr("passed")
                failed  += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
                skipped += attr("total") - attr("executed")
            }
            END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
}

install_missing

rm -rf "$results"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# VSTest kills a test host 100 ms after its last test unless told otherwise; the exit handlers that stop
# the test PostgreSQL server (or drop databases on BOT_TEST_POSTGRES's) need a little longer.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-30000}"
status=0
# A hung test is stopped (and named) after 10 minutes instead of eating the whole CI budget.
dotnet test Bot.sln -c Release \
    --logger trx --results-directory "$results" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    "$@" ||
    status=$?

summary=$(summarize)
read -r passed _ failed _ <<<"$summary"
if ((status != 0)); then
    echo "test.sh: dotnet test exited with code $status."
elif ((failed > 0)); then
    status=1
elif ((passed + failed == 0)); then
    echo "test.sh: no test ran."
    status=1
fi
echo "$summary"
exit "$status"
