"""The JS reference implementation, timed inside its own long-running node process.

Starts ``tests/interop/js/interop.mjs`` once (pinned with ``taskset`` to the same core as this
process where ``taskset`` exists) and sends it ``bench`` requests: the reference runs N calls
of its own verify or sign back to back and reports the seconds, so neither node's start-up nor
the JSON pipe is in the figure. Needs ``node`` and ``npm ci`` in ``tests/interop/js``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

JS_DIR = Path(__file__).resolve().parents[1] / "tests" / "interop" / "js"
SCRIPT = JS_DIR / "interop.mjs"


class ReferenceUnavailableError(RuntimeError):
    """node or the reference's node_modules is missing, or the process failed."""


class JsReference:
    """One ``node interop.mjs`` process; :meth:`time` returns seconds per operation."""

    def __init__(self, cpu: int | None) -> None:
        node = shutil.which("node")
        if node is None:
            raise ReferenceUnavailableError("node is not on PATH")
        if not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
            raise ReferenceUnavailableError("run `npm ci` in tests/interop/js")
        command = [node, str(SCRIPT)]
        taskset = shutil.which("taskset")
        self.pinned = cpu is not None and taskset is not None
        if self.pinned:
            command = [str(taskset), "-c", str(cpu), *command]
        self._proc = subprocess.Popen(
            command,
            cwd=JS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.versions: dict[str, Any] = self.call({"op": "ping"})

    def call(self, request: dict[str, Any]) -> Any:
        assert self._proc.stdin is not None
        assert self._proc.stdout is not None
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise ReferenceUnavailableError("the reference process exited")
        response: dict[str, Any] = json.loads(line)
        if not response.get("ok"):
            raise ReferenceUnavailableError(f"{request.get('op')}: {response.get('error')}")
        return response["result"]

    def run(self, action: str, iterations: int, warmup: int = 0, **fields: Any) -> Any:
        """Run ``action`` ``iterations`` times; return the reference's whole answer."""
        request = {"op": "bench", "action": action, "iterations": iterations, "warmup": warmup}
        return self.call({**request, **fields})

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
