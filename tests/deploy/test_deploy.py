"""The testable parts of deploy/: systemd units parse, the nginx site passes `nginx -t`, and
the application starts under gunicorn against PostgreSQL and answers."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").iterdir()))
def test_systemd_units_verify(unit, tmp_path):
    # The units name /opt/oversight and the oversight user; point them at this checkout so
    # `verify` can check that the programs exist.
    text = (DEPLOY / "systemd" / unit).read_text()
    text = text.replace("/opt/oversight/.venv/bin", str(VENV_BIN)).replace(
        "/opt/oversight", str(ROOT)).replace("User=oversight", "User=root").replace(
        "Group=oversight", "Group=root")
    for other in (DEPLOY / "systemd").iterdir():  # a timer needs its service beside it
        if other.name != unit:
            (tmp_path / other.name).write_text(other.read_text().replace(
                "/opt/oversight/.venv/bin", str(VENV_BIN)).replace("/opt/oversight", str(ROOT)))
    target = tmp_path / unit
    target.write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", str(target)], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "SYSTEMD_LOG_LEVEL": "err"})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl")),
                    reason="nginx or openssl not installed")
def test_nginx_site_passes_nginx_t(tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=oversight.example.gov.vn", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True,
                   timeout=30)
    site = (DEPLOY / "nginx" / "oversight.conf").read_text().replace(
        "/etc/ssl/oversight", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(f"""
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {tmp_path}/body;
            include {tmp_path}/site.conf;
        }}
    """)
    result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf"),
                             "-p", str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not os.environ.get("OVERSIGHT_TEST_DATABASE_URL", "").startswith(
    "postgres"), reason="needs OVERSIGHT_TEST_DATABASE_URL pointing at PostgreSQL")
def test_gunicorn_serves_against_postgresql(tmp_path):
    import psycopg

    base = os.environ["OVERSIGHT_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    name = f"oversight_gunicorn_{os.getpid()}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "OVERSIGHT_DATABASE_URL": f"{base}/{name}",
           "OVERSIGHT_DATA_DIR": str(tmp_path), "OVERSIGHT_SECRET_KEY": "gunicorn-test-key",
           "OVERSIGHT_DEBUG": "0", "OVERSIGHT_BIND": f"127.0.0.1:{_free_port()}",
           "OVERSIGHT_WORKERS": "2"}
    server = None
    try:
        subprocess.run([str(VENV_BIN / "oversight"), "migrate", "-v0"], env=env, check=True,
                       timeout=300)
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"),
             "oversight.wsgi"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        url = f"http://{env['OVERSIGHT_BIND']}/login/"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                    assert b"Oversight" in response.read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
