"""gunicorn for Kommune 360°: `.venv/bin/gunicorn -c gunicorn.conf.py kommune360.wsgi`.

The values come from kommune360/settings.py, which reads the environment
(GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_CONTROL_SOCKET);
a bad value stops gunicorn with one line naming it.
"""

from kommune360 import settings as k360

bind = k360.GUNICORN_BIND
# Sync workers serve each request in the process's main thread, where the client-side
# query deadline (kommune360/outage.py, a SIGALRM timer) can interrupt a frozen database.
# Threaded or async workers would lose it.
worker_class = "sync"
workers = k360.GUNICORN_WORKERS
timeout = k360.GUNICORN_TIMEOUT
graceful_timeout = 30
keepalive = 5
# Worker heartbeats on tmpfs: a slow disk must not make gunicorn kill healthy workers.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn only touches its own heartbeat files
control_socket = k360.GUNICORN_CONTROL_SOCKET

accesslog = "-"
# Time, method, path, status, bytes, duration. No client address, no query string
# (search words), no user agent: the access log holds no personal data.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
