# Shared shell helpers for the Makefile scripts. Source it; do not run it.
# shellcheck shell=bash

K360_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$K360_ROOT/.venv}"

if [[ -t 1 ]]; then
    _c_bold=$'\e[1m' _c_red=$'\e[31m' _c_yellow=$'\e[33m' _c_green=$'\e[32m' _c_off=$'\e[0m'
else
    _c_bold="" _c_red="" _c_yellow="" _c_green="" _c_off=""
fi

say() { printf '%s==> %s%s\n' "$_c_bold" "$*" "$_c_off"; }
ok() { printf '%s==> %s%s\n' "$_c_green" "$*" "$_c_off"; }

# A warning nobody can overlook: something is skipped outside CI.
warn_loud() {
    printf '%s\n' "$_c_yellow" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! WARNING: %s\n' "$@" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '%s' "$_c_off" >&2
}

die() {
    printf '%sERROR: %s%s\n' "$_c_red" "$*" "$_c_off" >&2
    exit 1
}

is_ci() {
    case "${CI:-}" in
        1 | true | TRUE | True | yes) return 0 ;;
        *) return 1 ;;
    esac
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# apt_install PACKAGE...: install Debian packages when we are root and apt exists.
# Returns non-zero (without exiting) when that is impossible or fails.
_apt_updated=""
apt_install() {
    if ! is_root; then
        echo "Cannot install $* with apt-get: not running as root." >&2
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "Cannot install $*: apt-get is not available on this system." >&2
        return 1
    fi
    if [[ -z "$_apt_updated" ]]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
        _apt_updated=1
    fi
    say "apt-get install -y $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# WeasyPrint (kommune360/pdf.py) opens Pango through cffi at run time, and the PDF
# stylesheet asks for DejaVu Sans; Debian's packages for them.
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

pdf_libraries_present() {
    python3 -c "import ctypes; ctypes.CDLL('libpango-1.0.so.0'); ctypes.CDLL('libpangoft2-1.0.so.0')" \
        >/dev/null 2>&1 && [[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]
}

# ensure_pdf_libraries: install Pango and the fonts for PDFs when they are missing.
# Returns non-zero (without exiting) when they are missing and cannot be installed.
ensure_pdf_libraries() {
    pdf_libraries_present && return 0
    say "Pango or the DejaVu fonts for PDFs are missing; installing ${PDF_PACKAGES[*]}"
    apt_install "${PDF_PACKAGES[@]}" && pdf_libraries_present
}

# A TCP port on 127.0.0.1 that nobody listens on right now.
free_port() {
    python3 - <<'PY'
import socket

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}
