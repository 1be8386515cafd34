"""`manage.py serve`: the web server and the job worker side by side (DAT-4, DAT-5).

Starts gunicorn (`WEB_CONCURRENCY` worker processes; WhiteNoise serves the static files from
inside the application) and procrastinate's worker (`manage.py procrastinate worker`) as child
processes, and supervises them: SIGINT or SIGTERM stops both gracefully, and when either ends
by itself the other is stopped too, so nothing outlives the command. `make run` serves this
way; `manage.py runserver` is for development only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# How long the children may take to finish their requests and jobs before they are killed.
STOP_GRACE_SECONDS = 40
_PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM if this supervisor dies without stopping it (killed)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'


class Command(BaseCommand):
    help = (
        "Serve the application through gunicorn and run the job worker beside it; "
        "Ctrl-C or SIGTERM stops both."
    )

    # The job worker runs the system checks as it starts, and its failure stops everything.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default=f"127.0.0.1:{os.environ.get('PORT') or 8000}",
            help="address:port to listen on (default 127.0.0.1:$PORT, PORT defaulting to 8000)",
        )
        parser.add_argument(
            "--workers", type=int, default=None,
            help="web server processes (default: the WEB_CONCURRENCY setting)",
        )

    def handle(self, *args, bind: str, workers: int | None, **options):
        workers = workers or settings.WEB_CONCURRENCY
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        python = sys.executable
        commands = {
            "gunicorn": [
                python, "-m", "gunicorn", "config.wsgi:application",
                "--bind", bind, "--workers", str(workers),
                # Log lines go to the console like the worker's; the supervisor, not gunicorn's
                # control socket, is how it is stopped.
                "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket",
                # The path without its query string and no referrer: searches carry names and
                # ID numbers, which must not end up in the server's log.
                "--access-logformat", ACCESS_LOG_FORMAT,
            ],
            "job worker": [python, str(Path(settings.BASE_DIR) / "manage.py"), "procrastinate",
                           "worker"],
        }
        wake = threading.Event()
        asked_to_stop: list[int] = []

        def on_stop_signal(signum, frame):
            asked_to_stop.append(signum)
            wake.set()

        previous = {
            signum: signal.signal(signum, handler)
            for signum, handler in (
                (signal.SIGINT, on_stop_signal),
                (signal.SIGTERM, on_stop_signal),
                (signal.SIGCHLD, lambda signum, frame: wake.set()),
            )
        }
        children: dict[str, subprocess.Popen] = {}
        try:
            for name, command in commands.items():
                # Their own process group: a Ctrl-C reaches this supervisor only, which then
                # stops each child once and in order.
                children[name] = subprocess.Popen(
                    command, cwd=settings.BASE_DIR, process_group=0,
                    preexec_fn=_stop_with_parent,
                )
            self.stdout.write(
                f"Serving http://{bind}/ with {workers} gunicorn workers "
                f"(gunicorn pid {children['gunicorn'].pid}) and the job worker "
                f"(pid {children['job worker'].pid}); Ctrl-C stops both.",
            )
            self.stdout.flush()
            ended = None
            while not asked_to_stop and ended is None:
                wake.wait(timeout=1)
                wake.clear()
                ended = next((n for n, c in children.items() if c.poll() is not None), None)
        finally:
            self._stop(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if ended is not None and not asked_to_stop:
            raise CommandError(
                f"{ended} ended (exit status {children[ended].returncode}); "
                "stopped the rest."
            )

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        """SIGTERM to each child still running (gunicorn stops its workers, the job worker
        finishes its jobs), then SIGKILL to the process group of any that outstays the grace."""
        for child in children.values():
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signal.SIGTERM)
        for name, child in children.items():
            try:
                child.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.stderr.write(f"{name} did not stop in {STOP_GRACE_SECONDS} s; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()
