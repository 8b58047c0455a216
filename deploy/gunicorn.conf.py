"""gunicorn settings for Oversight (`gunicorn -c deploy/gunicorn.conf.py oversight.wsgi`).

Threaded workers behind nginx: requests are short (lists and details are paginated, long work
runs in the task worker). One worker process per core, two threads each: a request is CPU
work in Python between short waits (the database, the object store), and the second thread
runs while the first waits. More processes than cores cost more than they give once the
cores are busy — gunicorn's rule of thumb of two per core plus one is for workers that mostly
wait. Measured on 2 cores under 32 connections (issue 17, `oversight bench_load`, three rounds
on each database, docs/performance.md), from 4 processes × 4 threads to 2 × 2: a page of
petitions 286-339 -> 328-469 req/s with p95 355-433 -> 121-166 ms on SQLite, 252-282 -> 274-294
req/s with p95 255-309 -> 177-181 ms on PostgreSQL; the same page's CPU 5.7-6.8 -> 4.1-5.8 ms
(SQLite), the bare `/api/me/` the same or faster. With more runnable threads than cores each
request is interrupted more often, and a page of rows loses more to it than a bare answer.
`OVERSIGHT_WORKERS` and `OVERSIGHT_THREADS` override both.
"""

import multiprocessing
import os

bind = os.environ.get("OVERSIGHT_BIND", "unix:/run/oversight/gunicorn.sock")
workers = int(os.environ.get("OVERSIGHT_WORKERS", multiprocessing.cpu_count()))
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
