"""gunicorn settings for Oversight (`gunicorn -c deploy/gunicorn.conf.py oversight.wsgi`).

Sync workers behind nginx: requests are short (lists and details are paginated, long work
runs in the task worker). Two workers per core plus one is gunicorn's own rule of thumb.
"""

import multiprocessing
import os

bind = os.environ.get("OVERSIGHT_BIND", "unix:/run/oversight/gunicorn.sock")
workers = int(os.environ.get("OVERSIGHT_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("OVERSIGHT_THREADS", 2))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Each worker listens on its own socket and the kernel spreads new connections over them
# (SO_REUSEPORT; a TCP bind only). Without it every worker accepts from one socket, and
# clients that keep their connections open stay wherever the first race put them: under 32
# kept-alive connections from `wrk` one worker of four held all 32 in a run and the server
# used one core of two (issue 17, `oversight bench_load`, which turns this on). nginx as
# configured (deploy/nginx) opens a connection per request, so the default stays off; with
# it on, connections waiting in a recycled worker's queue are reset when it exits. A Unix
# socket has no such spreading: ignored there.
reuse_port = os.environ.get("OVERSIGHT_REUSE_PORT") == "1" and not bind.startswith("unix:")
# Recycle workers now and then: bounded memory over months. Each boot is a second and a half
# of CPU and a process with cold caches (list plans, kept rows, the menu, the pickers): after
# 2,000 requests a worker rebooted every ~11 s at 700 req/s, and `/api/me/` under 32
# connections answered 458-553 req/s (p95 307-943 ms) against 740-755 (p95 124-149 ms) with
# no recycling (issue 17, SQLite, 2 cores). Every 20,000 requests keeps memory bounded and
# the boots rare.
max_requests = int(os.environ.get("OVERSIGHT_MAX_REQUESTS", 20_000))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# Do not log query strings of the public portal or tokens: the default format logs %(r)s
# (the request line); keep it, addresses are needed for security investigations.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
proc_name = "oversight"
