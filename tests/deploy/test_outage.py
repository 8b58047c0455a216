"""Database outage: requests answer 503 while the database is unreachable and the same
gunicorn process answers 200 again once it is back.

The real PostgreSQL server is never touched: gunicorn talks to it through a small TCP proxy
started here; stopping the proxy is the outage."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


class Proxy:
    """Forwards 127.0.0.1:port to the upstream; `stop()` closes every connection."""

    def __init__(self, upstream: tuple[str, int], port: int = 0):
        self.upstream, self.port = upstream, port
        self.listener = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            # The timeout was for connecting only: left on the socket, a statement that keeps
            # the server silent for 5 s (a migration on a loaded machine) ended the pipe.
            server.settimeout(None)
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self):
        # shutdown wakes the thread blocked in accept() (close() alone would not, on Linux)
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.skipif(not os.environ.get("OVERSIGHT_TEST_DATABASE_URL", "").startswith(
    "postgres"), reason="needs OVERSIGHT_TEST_DATABASE_URL pointing at PostgreSQL")
def test_database_outage_answers_503_then_recovers(tmp_path):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    base = os.environ["OVERSIGHT_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    info = conninfo_to_dict(os.environ["OVERSIGHT_TEST_DATABASE_URL"])
    upstream = (info.get("host") or "127.0.0.1", int(info.get("port") or 5432))
    name = f"oversight_scale_outage_{os.getpid()}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    proxy = Proxy(upstream).start()
    user = base.split("//", 1)[1].split("@", 1)[0] if "@" in base else "postgres"
    proxied = f"postgresql://{user}@127.0.0.1:{proxy.port}/{name}"
    env = {**os.environ, "OVERSIGHT_DATABASE_URL": proxied, "OVERSIGHT_DATA_DIR": str(tmp_path),
           "OVERSIGHT_SECRET_KEY": "outage-test-key", "OVERSIGHT_DEBUG": "0",
           "OVERSIGHT_BIND": f"127.0.0.1:{_free_port()}", "OVERSIGHT_WORKERS": "1",
           "OVERSIGHT_THREADS": "2", "DJANGO_SUPERUSER_PASSWORD": "outage-pw"}
    server = None
    try:
        oversight = str(VENV_BIN / "oversight")
        subprocess.run([oversight, "migrate", "-v0"], env=env, check=True, timeout=300)
        subprocess.run([oversight, "createsuperuser", "--noinput", "--username", "ops",
                        "--email", "ops@example.gov.vn"], env=env, check=True, timeout=60)
        token = subprocess.run(
            [oversight, "shell", "-c",
             "from oversight.accounts.models import User; "
             "from oversight.accounts.tokens import issue; "
             "print(issue(User.objects.get(username='ops'))[0])"],
            env=env, check=True, timeout=60, capture_output=True, text=True,
        ).stdout.split()[-1]
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "oversight.wsgi"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        url = f"http://{env['OVERSIGHT_BIND']}/api/me/"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(url, token)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.3)
        assert status == 200, body
        pid = json.loads(_get(f"http://{env['OVERSIGHT_BIND']}/api/me/", token)[1]) and \
            server.pid

        proxy.stop()  # the outage
        for _ in range(3):
            status, body = _get(url, token)
            assert status == 503, body
            assert "detail" in json.loads(body)

        proxy = Proxy(upstream, proxy.port).start()  # back, same address
        deadline = time.monotonic() + 30
        while (status := _get(url, token)[0]) != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert status == 200
        assert server.poll() is None and server.pid == pid  # the same gunicorn, no restart
    finally:
        if server is not None:
            server.terminate()
            output = server.communicate(timeout=30)[0].decode(errors="replace")
            print(output[-3000:])
        proxy.stop()
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_middleware_turns_database_errors_into_503(db, api, web, nghean, monkeypatch):
    from oversight.accounts.api import views as accounts_api

    def down(self, request):
        raise OperationalError("connection refused")

    monkeypatch.setattr(accounts_api.MeView, "get", down)
    response = api(nghean).get("/api/me/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is unreachable for the moment. Try "
                                         "again in a minute."}
    from django.test import RequestFactory

    from oversight.core.middleware import DatabaseUnavailableMiddleware, server_error

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/matters/")
    page = middleware.process_exception(request, OperationalError("server closed"))
    assert page.status_code == 503 and b"<html" in page.content
    assert page["Retry-After"] == "30"
    assert middleware.process_exception(request, ValueError("other")) is None
    try:
        raise OperationalError("outside a view")
    except OperationalError:
        assert server_error(request).status_code == 503
