"""Accessibility checks for browser tests: axe-core through axe-playwright-python."""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.1 A/AA (BITV 2.0) plus axe's best practices (landmarks, headings, skip link).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations.

    The script is injected with page.evaluate, which goes through the DevTools
    protocol and is not subject to the page's Content-Security-Policy, so the
    site's strict CSP (no inline scripts) needs no bypass here.
    """
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def _shorten(html: str, limit: int = 120) -> str:
    html = " ".join(html.split())
    return html if len(html) <= limit else html[: limit - 1] + "…"


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {_shorten(node.get('html', ''))}")
            # axe lists every way to fix it; the first check's message says what is wrong.
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            if checks:
                lines.append(f"       {checks[0]['message']}")
    return "\n".join(lines)


def assert_no_axe_violations(page, context: str = "") -> None:
    """Fail with a readable list (rule, impact, help, target selectors) if axe finds violations."""
    violations = axe_violations(page)
    if violations:
        where = context or page.url
        raise AssertionError(
            f"axe-core found {len(violations)} accessibility violation(s) on {where}:\n"
            + format_violations(violations)
        )
