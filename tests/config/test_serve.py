"""DAT-4, DAT-5: `manage.py serve` (what `make run` starts) serves through gunicorn with the job
worker beside it, and a SIGTERM stops both, leaving no process behind."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection

from config.settings import BASE_DIR

# Bounds, not expectations: the machine may be busy (2 cores shared by parallel test workers).
START_TIMEOUT = 180
STOP_TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url() -> str:
    """The test database, for processes started outside this one."""
    params = connection.get_connection_params()
    credentials = f"{quote(params.get('user') or '', safe='')}:" + quote(
        str(params.get("password") or ""), safe=""
    )
    query = {key: params[key] for key in ("host", "port") if params.get(key)}
    return f"postgresql://{credentials}@/{quote(params['dbname'], safe='')}?{urlencode(query)}"


def _processes_marked(token: str) -> dict[int, str]:
    """Running processes (not zombies) whose environment carries `token`, with their command
    lines: the supervisor's children and theirs, even after a parent has gone."""
    marker = f"SERVE_TEST_TOKEN={token}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if state != "Z":
            found[int(entry.name)] = command
    return found


def _wait_until_gone(token: str) -> dict[int, str]:
    deadline = time.monotonic() + STOP_TIMEOUT
    while (left := _processes_marked(token)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _health(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _start(port: int, token: str) -> subprocess.Popen:
    env = {
        **os.environ, "DATABASE_URL": _test_database_url(), "WEB_CONCURRENCY": "1",
        "SERVE_TEST_TOKEN": token,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


@pytest.fixture
def token(django_db_setup):
    token = uuid.uuid4().hex
    yield token
    for pid in _processes_marked(token):  # only after a failed assertion
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_serve_runs_gunicorn_and_the_job_worker_and_sigterm_stops_both(token):
    base = f"http://127.0.0.1:{(port := _free_port())}"
    process = _start(port, token)
    deadline = time.monotonic() + START_TIMEOUT
    while _health(f"{base}/healthz") != 200:
        assert process.poll() is None, process.communicate()[0].decode()
        assert time.monotonic() < deadline, "the server did not answer /healthz"
        time.sleep(0.5)

    searched = "110101199003071234"
    _health(f"{base}/healthz?q={searched}")

    commands = _processes_marked(token)
    gunicorn = [pid for pid, command in commands.items() if "-m gunicorn" in command]
    worker = [pid for pid, command in commands.items() if "procrastinate worker" in command]
    assert len(gunicorn) == 2, commands  # the master and WEB_CONCURRENCY=1 web worker
    assert len(worker) == 1, commands

    process.send_signal(signal.SIGTERM)
    output = process.communicate(timeout=STOP_TIMEOUT)[0].decode()
    assert process.returncode == 0, output
    # Requests are logged by path only: what was searched stays out of the server's log.
    assert "GET /healthz HTTP/1.1" in output and searched not in output
    assert _wait_until_gone(token) == {}
    assert _health(f"{base}/healthz") is None


def test_when_gunicorn_cannot_start_the_job_worker_is_stopped_too(token):
    with socket.socket() as taken:  # gunicorn cannot bind a port already listened on
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _start(taken.getsockname()[1], token)
        output = process.communicate(timeout=START_TIMEOUT)[0].decode()
    assert process.returncode != 0
    assert "gunicorn ended" in output
    assert _wait_until_gone(token) == {}
