"""Two application servers, one database, one object store (docs/deploy.md): a file uploaded
through one gunicorn is downloaded, decrypted, through the other; a session signed in on one
is valid on the other. Runs on a fresh SQLite file (both servers open it) and moto's S3
server on loopback."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

ROOT = Path(__file__).resolve().parents[2]
OVERSIGHT = [sys.executable, "-m", "oversight.cli"]
SETUP = """
from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.accounts.tokens import issue
from oversight.petitions import actions
from oversight.units.models import Unit
import datetime as dt
user = User.objects.create_user(username="two", password="pw-two-servers",
                                unit=Unit.objects.get(code="nghe_an"))
user.set_roles([Role.OFFICER])
petition = actions.create_petition(by=user, unit=user.unit, kind="complaint",
    received_on=dt.date(2025, 3, 3), subject="Hai máy chủ", content="Nội dung",
    petitioner={"name": "Nguyễn Văn Hùng"})
print("SETUP", issue(user)[0], petition.pk)
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.5)


def _multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def store():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test",
                 aws_secret_access_key="test", region_name="us-east-1").create_bucket(
        Bucket="oversight")
    yield endpoint
    server.stop()


def test_a_file_written_through_one_server_is_read_through_the_other(tmp_path, store):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update(OVERSIGHT_DATA_DIR=str(tmp_path),
               OVERSIGHT_DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
               OVERSIGHT_SECRET_KEY=secrets.token_urlsafe(40),
               OVERSIGHT_FILE_KEY=secrets.token_hex(32), OVERSIGHT_REQUIRE_2FA="0",
               OVERSIGHT_S3_BUCKET="oversight", OVERSIGHT_S3_ENDPOINT_URL=store,
               OVERSIGHT_S3_ACCESS_KEY="test", OVERSIGHT_S3_SECRET_KEY="test",
               OVERSIGHT_S3_REGION="us-east-1", OVERSIGHT_WORKERS="1", OVERSIGHT_THREADS="2")
    subprocess.run([*OVERSIGHT, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    out = subprocess.run([*OVERSIGHT, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    token, petition = re.search(r"SETUP (\S+) (\d+)", out).groups()
    servers = []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-c",
                 str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile", "/dev/null",
                 "oversight.wsgi"], env={**env, "OVERSIGHT_BIND": f"127.0.0.1:{port}"},
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            servers.append((f"http://127.0.0.1:{port}", process))
            _wait(f"http://127.0.0.1:{port}/login/", process)
        (one, _p1), (two, _p2) = servers
        secret = "Đơn của ông Hùng, trang 1".encode()
        body, content_type = _multipart("file", "don.txt", secret)
        request = urllib.request.Request(
            f"{one}/api/petitions/{petition}/attachments/", data=body, method="POST",
            headers={"Authorization": f"Token {token}", "Content-Type": content_type})
        created = json.loads(urllib.request.urlopen(request, timeout=60).read())
        # Sign in on server two (the session lives in the shared database) and download.
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = browser.open(f"{two}/login/", timeout=60).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        browser.open(f"{two}/login/", data=urllib.parse.urlencode({
            "csrfmiddlewaretoken": csrf, "username": "two",
            "password": "pw-two-servers"}).encode(), timeout=60).read()
        download = browser.open(f"{two}/petitions/attachments/{created['id']}/", timeout=60)
        assert download.read() == secret
        stored = boto3.client("s3", endpoint_url=store, aws_access_key_id="test",
                              aws_secret_access_key="test", region_name="us-east-1")
        keys = [o["Key"] for o in stored.list_objects_v2(Bucket="oversight")["Contents"]]
        assert len(keys) == 1 and not (tmp_path / "media").exists()
        raw = stored.get_object(Bucket="oversight", Key=keys[0])["Body"].read()
        assert secret not in raw
    finally:
        for _url, process in servers:
            process.terminate()
            process.wait(timeout=30)
