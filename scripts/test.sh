#!/usr/bin/env bash
# The whole check, as `make test` runs it (the Makefile installs the locks first):
#   1. ruff check, ruff format --check
#   2. pytest on SQLite          (everything except -m browser / -m smoke)
#   3. pytest on PostgreSQL      (the same tests, DATABASE_URL to a real server)
#   4. pytest -m browser         (Playwright driving /usr/bin/chromium)
#   5. pytest -m smoke           (production settings, collectstatic, gunicorn, PostgreSQL)
# Every stage runs even if an earlier one failed; a summary comes last.
# With CI=true a missing PostgreSQL or Chromium fails the run; otherwise that
# stage is skipped with a loud warning.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$K360_ROOT"

CHROMIUM=/usr/bin/chromium
PYTEST="$VENV/bin/pytest"
[[ -x "$PYTEST" ]] || die "$PYTEST not found; run 'make test', which installs the dev dependencies first."

report_dir="$(mktemp -d "${TMPDIR:-/tmp}/k360-test.XXXXXX")"
cleanup() {
    pg_stop_own
    rm -rf "$report_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The suite runs with the defaults of kommune360/settings_test.py, whatever the
# caller's shell exports (a developer's DATABASE_URL or DJANGO_DEBUG must not
# leak in). Stages set what they need explicitly.
while read -r var; do
    case "$var" in
        DJANGO_* | DATABASE_* | TEST_DATABASE_NAME | REDIS_URL | EMAIL_* | DEFAULT_FROM_EMAIL | \
            TEAM_EMAIL | SITE_URL | FORM_MIN_FILL_SECONDS | CATALOGUE_PAGE_SIZE)
            unset "$var"
            ;;
    esac
done < <(compgen -e)

names=()
states=()
details=()
durations=()
failed=0
executed_total=0

record() {  # name state detail seconds
    names+=("$1")
    states+=("$2")
    details+=("$3")
    durations+=("$4")
    [[ "$2" == FAILED ]] && failed=1
    return 0
}

banner() {
    printf '\n%s======== %s ========%s\n' "$_c_bold" "$1" "$_c_off"
}

# Counts from pytest's JUnit XML: "<executed> <detail text>".
junit_counts() {
    python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 no report")
    raise SystemExit
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = failures = errors = skipped = 0
for suite in suites:
    tests += int(suite.get("tests", 0))
    failures += int(suite.get("failures", 0))
    errors += int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
passed = tests - failures - errors - skipped
parts = [f"{passed} passed"]
if failures:
    parts.append(f"{failures} failed")
if errors:
    parts.append(f"{errors} errors")
if skipped:
    parts.append(f"{skipped} skipped")
print(tests - skipped, ", ".join(parts))
PY
}

# run_pytest NAME NOTE [VAR=value...] -- PYTEST-ARGS...
run_pytest() {
    local name="$1" note="$2"
    shift 2
    local envs=()
    while [[ "$1" != -- ]]; do
        envs+=("$1")
        shift
    done
    shift
    local junit="$report_dir/stage-${#names[@]}.xml"
    banner "$name"
    local t0=$SECONDS rc=0
    env "${envs[@]}" "$PYTEST" --junitxml="$junit" -o junit_family=xunit2 "$@" || rc=$?
    local took=$((SECONDS - t0)) counts executed detail
    counts="$(junit_counts "$junit")"
    executed="${counts%% *}"
    detail="${counts#* }${note:+ ($note)}"
    case "$rc" in
        0)
            executed_total=$((executed_total + executed))
            record "$name" ok "$detail" "$took"
            ;;
        5) record "$name" ok "no tests selected${note:+ ($note)}" "$took" ;;
        *)
            executed_total=$((executed_total + executed))
            record "$name" FAILED "pytest exit code $rc: $detail" "$took"
            ;;
    esac
}

# run_cmd NAME CMD...
run_cmd() {
    local name="$1"
    shift
    banner "$name"
    local t0=$SECONDS
    if "$@"; then
        record "$name" ok "" $((SECONDS - t0))
    else
        record "$name" FAILED "exit code $?" $((SECONDS - t0))
    fi
}

# unavailable NAME REASON: fatal under CI, a loud skip otherwise.
unavailable() {
    banner "$1"
    if is_ci; then
        printf '%sERROR (CI=true): %s%s\n' "$_c_red" "$2" "$_c_off" >&2
        record "$1" FAILED "$2" 0
    else
        warn_loud "$2" "Skipping '$1'. Under CI=true this fails the run."
        record "$1" SKIPPED "$2" 0
    fi
}

ensure_chromium() {
    [[ -x "$CHROMIUM" ]] && return 0
    say "$CHROMIUM is missing; installing Debian's chromium"
    apt_install chromium && [[ -x "$CHROMIUM" ]]
}

t_start=$SECONDS
is_ci && say "CI=true: a missing PostgreSQL or Chromium fails this run"

# The PDF tests need Pango (kommune360/pdf.py); without it they skip, or fail under CI.
ensure_pdf_libraries || warn_loud "Pango or the DejaVu fonts are missing: the PDF tests cannot run." \
    "Install them as root: apt-get install ${PDF_PACKAGES[*]}"

# 1. Lint and format
run_cmd "ruff check" "$VENV/bin/ruff" check .
run_cmd "ruff format --check" "$VENV/bin/ruff" format --check .

# 2. SQLite (settings default: in-memory test database)
run_pytest "pytest SQLite" "" -- -q -m "not browser and not smoke" --durations=5

# 3. PostgreSQL
pg_ready=0
banner "PostgreSQL server"
if pg_ensure; then
    pg_ready=1
    pg_url="postgres://postgres@$PG_HOST:$PG_PORT"
    pg_note="$PG_KIND server $PG_HOST:$PG_PORT"
    # Own database names, so parallel runs on a shared server do not collide.
    run_pytest "pytest PostgreSQL" "$pg_note" \
        "DATABASE_URL=$pg_url/k360_make" "TEST_DATABASE_NAME=test_k360_make_$$" -- \
        -q -m "not browser and not smoke" --durations=5
else
    unavailable "pytest PostgreSQL" "no PostgreSQL server: $PG_PROBLEM"
fi

# 4. Browser tests (SQLite, live_server)
if ensure_chromium; then
    run_pytest "pytest browser (Chromium)" "" -- -q -m browser --durations=5
else
    unavailable "pytest browser (Chromium)" "$CHROMIUM is missing and could not be installed (apt-get install chromium, as root)"
fi

# 5. Production smoke test (PostgreSQL + gunicorn)
if [[ $pg_ready -eq 1 ]]; then
    run_pytest "pytest smoke (gunicorn)" "$pg_note" "DATABASE_URL=$pg_url/postgres" -- -q -m smoke
else
    unavailable "pytest smoke (gunicorn)" "no PostgreSQL server for the production smoke test"
fi

pg_stop_own

if [[ $executed_total -eq 0 ]]; then
    record "tests executed" FAILED "no test ran at all" 0
fi

total=$((SECONDS - t_start))
printf '\n%s==================== make test: summary ====================%s\n' "$_c_bold" "$_c_off"
for i in "${!names[@]}"; do
    case "${states[$i]}" in
        ok) colour="$_c_green" ;;
        SKIPPED) colour="$_c_yellow" ;;
        *) colour="$_c_red" ;;
    esac
    printf '  %-28s %s%-8s%s %5ss  %s\n' "${names[$i]}" "$colour" "${states[$i]}" "$_c_off" \
        "${durations[$i]}" "${details[$i]}"
done
printf '  %-28s %s tests executed, %dm%02ds in total%s\n' "" "$executed_total" $((total / 60)) $((total % 60)) "${CI:+, CI=$CI}"
if [[ $failed -ne 0 ]]; then
    printf '%sRESULT: FAILED%s\n' "$_c_red$_c_bold" "$_c_off"
    exit 1
fi
if [[ " ${states[*]} " == *" SKIPPED "* ]]; then
    printf '%sRESULT: passed, but parts were SKIPPED (see above)%s\n' "$_c_yellow$_c_bold" "$_c_off"
else
    printf '%sRESULT: all passed%s\n' "$_c_green$_c_bold" "$_c_off"
fi
