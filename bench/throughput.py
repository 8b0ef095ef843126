"""Requests per second through gunicorn, as a share of a static file's rate in the same run.

Started inside a benchmark worker (`bench.worker --throughput`) on a kept
catalogue. It collects the static files into a temporary directory, starts
gunicorn with 2 workers and the production settings (`kommune360.settings`:
DEBUG off, whitenoise with hashed, compressed files) on 127.0.0.1, and runs
`wrk` (Debian's package `wrk`) three times for a bounded duration each:

- a static file (the denominator);
- `/angebote/` again and again: after the first request, the page cache;
- a mix of distinct searches: a Lua script steps through a list of URLs
  (search word × audience × gap), each at most once while the list lasts.

The catalogue version is renewed first, so no page is cached from earlier
measurements. Only loopback addresses are used.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from offers.catalogue.index import renew_version
from offers.models import Audience, Gap

from .measure import SEARCH_WORDS
from .pools import NOUNS

HOST = "127.0.0.1"
WORKERS = 2
WRK_THREADS = 1  # the load generator shares the machine's 2 cores with the server
CONNECTIONS = 4
STATIC_FILE = "css/feedback.css"
ROOT = Path(__file__).resolve().parent.parent
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
TOTAL = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
BAD_STATUS = re.compile(r"Non-2xx or 3xx responses: (\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")
# wrk runs this script in each of its threads; `setup` numbers the threads so that
# they step through disjoint positions of the list.
MIX_SCRIPT = """
local paths = {%(paths)s}
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local step = 0
function request()
  local position = (offset + step * %(threads)d) %% #paths + 1
  step = step + 1
  return wrk.format("GET", paths[position])
end
"""


def search_mix():
    """Distinct catalogue searches: search word, optionally an audience and a gap."""
    words = [*SEARCH_WORDS, *NOUNS]
    audiences = ["", *Audience.objects.order_by("pk").values_list("slug", flat=True)]
    gaps = ["", *Gap.objects.order_by("pk").values_list("slug", flat=True)]
    paths = []
    for audience in audiences:
        for gap in gaps:
            for word in words:
                params = [("q", word)]
                params += [("zielgruppe", audience)] if audience else []
                params += [("leerstelle", gap)] if gap else []
                paths.append(f"/angebote/?{urlencode(params)}")
    return paths


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kommune360.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
    )
    return env


def static_url(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))
    return f"/static/{manifest['paths'][STATIC_FILE]}"


def wait_until_up(base, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/angebote/", timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {base} within {timeout} s")


def run_wrk(wrk, url, duration, script=None):
    """Requests per second and the number of requests; errors make the run fail."""
    command = [wrk, f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "30s"]
    if script:
        command += ["-s", str(script)]
    # wrk from PATH with arguments built here, no shell.
    done = subprocess.run(command + [url], check=True, capture_output=True, text=True)  # noqa: S603
    output = done.stdout
    bad = BAD_STATUS.search(output)
    errors = SOCKET_ERRORS.search(output)
    if bad or errors:
        raise RuntimeError(f"wrk {url}: failed requests\n{output}")
    return float(RATE.search(output).group(1)), int(TOTAL.search(output).group(1))


def measure(*, duration=10, log=print):
    """Rates through gunicorn: {"static_rps", "catalogue_rps", "mix_rps", ...}."""
    wrk = shutil.which("wrk")
    if not wrk:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    renew_version()
    paths = search_mix()
    with tempfile.TemporaryDirectory(prefix="k360-throughput.") as tmp:
        static_root = Path(tmp) / "static"
        env = server_env(static_root)
        # Our own interpreter and manage.py, no shell.
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            check=True,
            cwd=ROOT,
            env=env,
        )
        script = Path(tmp) / "mix.lua"
        quoted = ",".join(json.dumps(path) for path in paths)
        script.write_text(MIX_SCRIPT % {"paths": quoted, "threads": WRK_THREADS}, encoding="utf-8")
        port = free_port()
        base = f"http://{HOST}:{port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "kommune360.wsgi",
            f"--bind={HOST}:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ]
        # Our own interpreter and gunicorn with arguments built here, no shell.
        server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        try:
            wait_until_up(base)
            rates = {}
            for key, url, extra in (
                ("static", base + static_url(static_root), None),
                ("catalogue", f"{base}/angebote/", None),
                ("mix", base, script),
            ):
                rates[f"{key}_rps"], rates[f"{key}_requests"] = run_wrk(wrk, url, duration, extra)
                log(f"{key:<10} {rates[f'{key}_rps']:8.1f} requests/s")
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    rates.update(mix_urls=len(paths), duration=duration, connections=CONNECTIONS, workers=WORKERS)
    return rates
