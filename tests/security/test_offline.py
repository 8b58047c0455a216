"""Nothing leaves the machine (SECURITY.md): the suite runs with outbound connections and name
look-ups refused, the libraries that would call out on their own are opened offline, and no
module of the project carries a network client of its own."""

from __future__ import annotations

import ast
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pytest_socket import SocketConnectBlockedError

from tests.conftest import OutboundLookupBlocked

SRC = Path(__file__).resolve().parents[2] / "src" / "oversight"


def test_control_an_outbound_connection_fails():
    """TEST-NET-1 (192.0.2.0/24, never routed): the attempt itself is refused."""
    with pytest.raises(SocketConnectBlockedError), \
            socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.connect(("192.0.2.1", 80))


def test_control_a_name_look_up_fails():
    with pytest.raises(OutboundLookupBlocked):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises((OutboundLookupBlocked, urllib.error.URLError)):
        urllib.request.urlopen("http://example.org/", timeout=2)  # noqa: S310


def test_loopback_still_works():
    """The guard is not a blanket ban: the database, the live server and the proxies of the
    outage test are on loopback."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        accepted = []
        thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]))
        thread.start()
        with socket.create_connection(server.getsockname(), timeout=5):
            thread.join(5)
        assert accepted
        accepted[0].close()
    assert socket.getaddrinfo("localhost", 80)


def test_duckdb_installs_and_reads_nothing_from_outside():
    """DuckDB would download a missing extension from extensions.duckdb.org (C++ code, out of
    pytest-socket's reach): the project's connection refuses instead."""
    import duckdb

    from oversight.core.offline import duckdb_connection

    con = duckdb_connection()
    settings = dict(con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('autoinstall_known_extensions',"
        " 'enable_external_access', 'allow_community_extensions')").fetchall())
    assert settings == {"autoinstall_known_extensions": "false",
                        "enable_external_access": "false",
                        "allow_community_extensions": "false"}
    with pytest.raises(duckdb.Error, match="inet extension"):
        con.execute("SELECT '127.0.0.1'::INET")  # needs the `inet` extension
    with pytest.raises(duckdb.Error):
        con.execute("INSTALL inet")
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('http://192.0.2.1/x.csv')")
    # Control: a default connection would install it (not run here: it would try to download).
    assert duckdb.connect().execute(
        "SELECT value FROM duckdb_settings() WHERE name = 'autoinstall_known_extensions'"
    ).fetchone()[0] == "true"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


# Network clients; the project reaches its database, cache and mail relay through Django.
NETWORK = ("socket", "ssl", "http.client", "urllib.request", "urllib3", "requests", "httpx",
           "aiohttp", "smtplib", "ftplib", "imaplib", "poplib", "telnetlib", "xmlrpc.client",
           "websocket", "websockets", "geopy")
ALLOWED = {
    # The load benchmark starts the server on 127.0.0.1 and sends it requests.
    "ops/management/commands/bench_load.py": {"socket", "urllib.request"},
    # The worker polls the agency's own mailbox, configured by OVERSIGHT_IMAP_* (off by
    # default); like the mail relay, a server the deployment names, never a public service.
    "intake/imap.py": {"imaplib", "ssl"},
}


def test_no_module_carries_a_network_client():
    found = {}
    for path in SRC.rglob("*.py"):
        rel = str(path.relative_to(SRC))
        hits = {n for n in _imports(path) if n.split(".")[0] in {x.split(".")[0] for x in NETWORK}
                and any(n == x or n.startswith(x + ".") for x in NETWORK)}
        hits -= ALLOWED.get(rel, set())
        if hits:
            found[rel] = sorted(hits)
    assert found == {}


def test_every_duckdb_connection_is_the_offline_one():
    offenders = []
    for path in SRC.rglob("*.py"):
        text = path.read_text("utf-8")
        if path.name == "offline.py":
            continue
        if "duckdb.connect(" in text or "DuckDBAPI()" in text:
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_templates_load_nothing_from_other_sites():
    """Pages, e-mails and documents name no other site's scripts, styles, fonts or images."""
    offenders = []
    for path in SRC.rglob("templates/**/*"):
        if path.is_file() and ("http://" in path.read_text("utf-8", errors="ignore")
                               or "https://" in path.read_text("utf-8", errors="ignore")):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []
