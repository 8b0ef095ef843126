#!/usr/bin/env bash
# Create .venv (if needed) and install the given lock files into it.
#   scripts/venv.sh requirements.lock [requirements-dev.lock]
# The Makefile calls this only when a lock file is newer than its stamp.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$K360_ROOT"

[[ $# -ge 1 ]] || die "usage: scripts/venv.sh LOCKFILE..."

command -v python3 >/dev/null 2>&1 || die "python3 is not installed. Install Python 3.11 or newer first."
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "Python 3.11 or newer is needed, found $(python3 --version 2>&1)."

venv_usable() {
    [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

if ! venv_usable; then
    if [[ -e "$VENV" ]]; then
        say "Removing the unusable virtual environment $VENV"
        rm -rf "$VENV"
    fi
    say "Creating the virtual environment $VENV"
    if ! python3 -m venv "$VENV"; then
        # Debian ships venv/ensurepip separately; a failed attempt leaves a
        # half-made directory behind.
        rm -rf "$VENV"
        if is_root && command -v apt-get >/dev/null 2>&1; then
            apt_install python3-venv || die "Installing python3-venv failed."
            python3 -m venv "$VENV" || die "python3 -m venv still fails after installing python3-venv."
        else
            die "python3 -m venv failed. On Debian/Ubuntu install the venv module first:
       sudo apt-get install python3-venv
   then run make again."
        fi
    fi
    venv_usable || die "The new virtual environment in $VENV has no working pip."
fi

args=()
for lock in "$@"; do
    [[ -f "$lock" ]] || die "Lock file $lock not found."
    args+=(-r "$lock")
done
say "Installing ${*} into $VENV"
"$VENV/bin/python" -m pip install --disable-pip-version-check -q "${args[@]}"

# Not fatal: without Pango the site runs, and its PDF links answer a 503 page that
# points to the printable HTML page.
ensure_pdf_libraries || warn_loud "Pango or the DejaVu fonts are missing: PDFs cannot be made." \
    "Install them as root: apt-get install ${PDF_PACKAGES[*]}"
