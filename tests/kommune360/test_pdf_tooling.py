"""scripts/lib.sh installs WeasyPrint's system libraries (Pango, fonts) like it installs Chromium."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def shim(directory, name, script):
    path = directory / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


def run_ensure(tmp_path, *, libraries_load):
    """ensure_pdf_libraries with python3, id and apt-get replaced by recording stand-ins."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    shim(bin_dir, "python3", "exit 0" if libraries_load else "exit 1")
    shim(bin_dir, "id", "echo 0")
    shim(bin_dir, "apt-get", f'echo "$@" >> {log}')
    result = subprocess.run(
        ["bash", "-c", "source scripts/lib.sh; ensure_pdf_libraries"],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    return result, (log.read_text() if log.exists() else "")


def test_ensure_pdf_libraries_when_pango_is_missing_installs_it_with_apt(tmp_path):
    result, apt = run_ensure(tmp_path, libraries_load=False)
    assert "update" in apt
    install = [line for line in apt.splitlines() if line.startswith("install")][0]
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in install
    # The stand-in apt-get installs nothing, so the check afterwards still fails.
    assert result.returncode != 0


@pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists(),
    reason="the DejaVu fonts are not installed here",
)
def test_ensure_pdf_libraries_when_everything_is_there_installs_nothing(tmp_path):
    result, apt = run_ensure(tmp_path, libraries_load=True)
    assert result.returncode == 0
    assert apt == ""
