#!/usr/bin/env python3
"""make audit: known vulnerabilities in requirements.lock, through pip-audit.

Before pip-audit runs, a canary asks the vulnerability database about a release that is
known to be vulnerable (Django 3.2.0). Only if the answer lists vulnerabilities is the
database taken as reachable and complete; a proxy or mirror that answers without the
advisories (or not at all) would otherwise make "nothing found" look like "nothing known".

Exit codes:
  0  every locked package was checked, none has a known vulnerability
  1  known vulnerabilities found (listed)
  2  pip-audit itself failed
  3  no vulnerability database reachable, or packages left unchecked: NOT a clean result

Environment: AUDIT_SERVICE=pypi|osv (default pypi), AUDIT_TIMEOUT seconds (default 15).
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"

CLEAN, VULNERABLE, FAILED, UNCHECKED = 0, 1, 2, 3

# A release with published advisories in both databases: an empty answer is not believable.
CANARY = ("django", "3.2")
SERVICES = {
    "pypi": "https://pypi.org/pypi/{name}/{version}/json",
    "osv": "https://api.osv.dev/v1/query",
}


def canary_request(service: str) -> urllib.request.Request:
    name, version = CANARY
    if service == "osv":
        body = {"package": {"name": name, "ecosystem": "PyPI"}, "version": version}
        return urllib.request.Request(  # noqa: S310 (fixed https URLs, tests use http)
            SERVICES["osv"],
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
    url = SERVICES["pypi"].format(name=name, version=version)
    return urllib.request.Request(url)  # noqa: S310


def database_problem(service: str, timeout: float) -> str | None:
    """None when the service answers the canary with its advisories; else what went wrong."""
    request = canary_request(service)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = json.load(response)
    except urllib.error.HTTPError as error:
        return f"{request.full_url} answered HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return f"{request.full_url} is not reachable ({getattr(error, 'reason', error)})"
    except ValueError:
        return f"{request.full_url} did not answer with JSON"
    advisories = data.get("vulnerabilities" if service == "pypi" else "vulns") or []
    if not advisories:
        name, version = CANARY
        return (
            f"{request.full_url} lists no advisory for {name} {version}, which has several: "
            "its answers cannot be trusted (a mirror without vulnerability data?)"
        )
    return None


def verdict(report: dict, service: str) -> tuple[int, list[str]]:
    """Exit code and lines to print for pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(
                f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})"
            )
    for dep in skipped:
        lines.append(f"NOT CHECKED {dep['name']}: {dep['skip_reason']}")
    checked = len(dependencies) - len(skipped)
    if vulnerable:
        lines.append(f"{len(vulnerable)} of {checked} checked packages have known vulnerabilities.")
        return VULNERABLE, lines
    if skipped or not dependencies:
        lines.append(
            f"make audit: {len(skipped)} of {len(dependencies)} packages could not be checked "
            f"against {service}. This is NOT a clean result."
        )
        return UNCHECKED, lines
    lines.append(
        f"All {checked} packages in {LOCK.name} checked against {service}: none is affected."
    )
    return CLEAN, lines


def run_pip_audit(service: str, timeout: float) -> tuple[int, dict | None, str]:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        result = subprocess.run(  # noqa: S603
            [
                str(PIP_AUDIT),
                "--requirement",
                str(LOCK),
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--vulnerability-service",
                service,
                "--timeout",
                str(int(timeout)),
                "--format",
                "json",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        report = (
            json.loads(output.read_text()) if output.exists() and output.stat().st_size else None
        )
    return result.returncode, report, result.stderr


NETWORK_ERRORS = ("ConnectionError", "Max retries", "timed out", "NameResolution", "ProxyError")


def unreachable(problem: str) -> int:
    print(
        f"make audit: no vulnerability database is reachable from here: {problem}.\n"
        f"The packages in {LOCK.name} were NOT checked; this is not a clean result. Run "
        "`make audit` where pypi.org (or, with AUDIT_SERVICE=osv, api.osv.dev) is reachable."
    )
    return UNCHECKED


def main() -> int:
    service = os.environ.get("AUDIT_SERVICE", "pypi").strip() or "pypi"
    if service not in SERVICES:
        print(f"make audit: AUDIT_SERVICE must be one of {', '.join(SERVICES)}", file=sys.stderr)
        return FAILED
    raw_timeout = os.environ.get("AUDIT_TIMEOUT", "").strip() or "15"
    try:
        timeout = float(raw_timeout)
    except ValueError:
        timeout = 0
    if not 0 < timeout < float("inf"):
        print(
            f"make audit: AUDIT_TIMEOUT must be a number of seconds above 0, not {raw_timeout!r}",
            file=sys.stderr,
        )
        return FAILED

    problem = database_problem(service, timeout)
    if problem:
        return unreachable(problem)

    returncode, report, stderr = run_pip_audit(service, timeout)
    if report is None and any(sign in stderr for sign in NETWORK_ERRORS):
        return unreachable(f"pip-audit lost the connection: {stderr.strip().splitlines()[-1]}")
    if report is None:
        print(stderr.strip()[-2000:], file=sys.stderr)
        print(f"make audit: pip-audit failed (exit code {returncode}); nothing was checked.")
        return FAILED
    code, lines = verdict(report, service)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
