"""A throw-away Redis for fault tests: started on a free port, stopped, paused and resumed.

Never the shared Redis: ``redis-server --port N --save '' --appendonly no`` with nothing on disk.
A missing ``redis-server`` skips the tests that need it locally and fails them in CI
(``CI=true``), like the browser tools (``tests/browser/tools.py``).
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

START_TIMEOUT = 10


def require_redis_server() -> str:
    executable = shutil.which("redis-server")
    if executable is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the fault tests must run in CI)", pytrace=False)
        pytest.skip(reason)
    return executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One redis-server process of this test run."""

    def __init__(self, executable: str):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.paused = False
        command = [executable, "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_until_answering()

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)

    def wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if self.client().ping():
                    return
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
            time.sleep(0.05)

    def pause(self) -> None:
        """Hung, not dead: connections are accepted by the kernel, nothing is answered."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)
        self.paused = False

    def stop(self) -> None:
        if self.paused:
            self.resume()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def start_redis() -> RedisServer:
    return RedisServer(require_redis_server())
