"""A misbehaving OpenAI-compatible chat server on loopback, for fault tests and benchmarks.

It answers POST /v1/chat/completions according to a scripted list of behaviours, so a test
can say "first a 429 with Retry-After: 1, then a letter" and watch what the client does
over real HTTP, with no patching of the client.

As a context manager:

    with LoopbackLLM() as server:
        server.script(rate_limited(retry_after=1), ok("Dear Dana, ..."))
        settings = LLMSettings(base_url=server.base_url, model="loopback")
        ...
        assert len(server.requests) == 2

As a pytest fixture: `loopback_llm` (one fresh server per test; import it into conftest.py).
Tests that use it must let pytest-recording's network block through to loopback, e.g.
`pytest.mark.block_network(allowed_hosts=LOOPBACK_HOSTS)`.

Behaviours: `ok(text)`, `delay(ms, text)`, `unauthorized()`, `model_not_found()`,
`rate_limited(retry_after)`, `unavailable(retry_after)` (a 503), `server_error()`,
`hang()`, `drip(every_s)` (a body one byte at a time), `redirect(location)`, `malformed_json()`,
`empty_completion()`, `truncated(text)`; `closed_port_url()` gives a base URL that
refuses connections. When the script runs out, the last behaviour repeats (the default
is `ok(DEFAULT_TEXT)`).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bowout.settings import LLMMode, LLMSettings

# Regexes for pytest-recording's allowed_hosts: loopback only, anchored.
LOOPBACK_HOSTS = [r"^127\.0\.0\.1$", r"^localhost$"]
DEFAULT_TEXT = "Dear Hiring Team,\n\nThank you for your time.\n\nKind regards,\nAna Lima"


def loopback_settings(url: str, **changes: Any) -> LLMSettings:
    """Settings that send every letter to the server at `url`, with a 2 s whole-letter deadline."""
    values: dict[str, Any] = {
        "mode": LLMMode.ON,
        "base_url": url,
        "model": "loopback-model",
        "timeout": 2.0,
        **changes,
    }
    return LLMSettings(**values)


@dataclass(frozen=True)
class Behaviour:
    """How to answer one request."""

    status: int = 200
    text: str | None = DEFAULT_TEXT
    finish_reason: str = "stop"
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    # Sent as is instead of a completion (error bodies, malformed JSON).
    raw_body: bytes | None = None
    # Hold the connection open without answering until the server stops.
    hang: bool = False
    # Send the headers, then the body one byte every `drip_s` seconds.
    drip_s: float = 0.0


def ok(text: str = DEFAULT_TEXT) -> Behaviour:
    return Behaviour(text=text)


def delay(ms: float, text: str = DEFAULT_TEXT) -> Behaviour:
    return Behaviour(text=text, delay_s=ms / 1000)


def _error(status: int, message: str, kind: str, code: str | None = None) -> bytes:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return json.dumps(body).encode()


def unauthorized() -> Behaviour:
    return Behaviour(
        status=401,
        raw_body=_error(
            401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
        ),
    )


def model_not_found() -> Behaviour:
    return Behaviour(
        status=404,
        raw_body=_error(
            404, "The model does not exist.", "invalid_request_error", "model_not_found"
        ),
    )


def rate_limited(retry_after: float = 1.0) -> Behaviour:
    return Behaviour(
        status=429,
        headers={"Retry-After": f"{retry_after:g}"},
        raw_body=_error(429, "Rate limit reached.", "requests", "rate_limit_exceeded"),
    )


def server_error(status: int = 500) -> Behaviour:
    return Behaviour(
        status=status, raw_body=_error(status, "The server had an error.", "server_error")
    )


def hang() -> Behaviour:
    return Behaviour(hang=True)


def drip(every_s: float = 0.5, text: str = DEFAULT_TEXT) -> Behaviour:
    """A 200 whose body arrives one byte every `every_s` seconds."""
    return Behaviour(text=text, drip_s=every_s)


def unavailable(retry_after: float) -> Behaviour:
    return Behaviour(
        status=503,
        headers={"Retry-After": f"{retry_after:g}"},
        raw_body=_error(503, "Overloaded.", "server_error"),
    )


def redirect(location: str, status: int = 307) -> Behaviour:
    return Behaviour(status=status, headers={"Location": location}, raw_body=b"")


def malformed_json() -> Behaviour:
    return Behaviour(raw_body=b'{"id": "chatcmpl-1", "choices": [{"message": {"content": "Dear')


def empty_completion() -> Behaviour:
    return Behaviour(text="")


def truncated(text: str = "Dear Hiring Team,\n\nThank you for") -> Behaviour:
    return Behaviour(text=text, finish_reason="length")


def completion_body(text: str | None, model: str, finish_reason: str = "stop") -> bytes:
    """A chat completion shaped like OpenAI's, with usage counted in words."""
    words = len((text or "").split())
    return json.dumps(
        {
            "id": "chatcmpl-loopback",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": words, "total_tokens": 10 + words},
        }
    ).encode()


@dataclass
class Received:
    """One request as the server saw it."""

    at: float
    path: str
    body: dict[str, Any]
    headers: dict[str, str]  # names lower-cased
    client_port: int = 0  # which connection it came on: one port per kept-alive connection


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the OpenAI client expects
    # Without this every small response waits for a delayed ACK: about 40 ms per call.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests say what matters

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        owner = self.server.owner
        behaviour = owner._take(
            Received(
                time.monotonic(),
                self.path,
                body,
                {k.lower(): v for k, v in self.headers.items()},
                self.client_address[1],
            )
        )
        if behaviour.hang:
            owner._stopping.wait()
            self.close_connection = True
            return
        if behaviour.delay_s:
            owner._stopping.wait(behaviour.delay_s)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            payload, status = _error(404, "Unknown path.", "invalid_request_error"), 404
        elif behaviour.raw_body is not None:
            payload, status = behaviour.raw_body, behaviour.status
        else:
            model = str(body.get("model", "loopback"))
            payload = completion_body(behaviour.text, model, behaviour.finish_reason)
            status = behaviour.status
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in behaviour.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not behaviour.drip_s:
            self.wfile.write(payload)
            return
        for index in range(len(payload)):
            if owner._stopping.wait(behaviour.drip_s):
                self.close_connection = True
                return
            try:
                self.wfile.write(payload[index : index + 1])
                self.wfile.flush()
            except OSError:
                return  # the client gave up, as it should


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # benchmarks open dozens of connections at once
    owner: LoopbackLLM


class LoopbackLLM:
    """The server: start/stop explicitly, or use it as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._script: list[Behaviour] = []
        self._last = ok()
        self._stopping = threading.Event()
        self.requests: list[Received] = []

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the loopback server is not running")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *behaviours: Behaviour) -> LoopbackLLM:
        """Answer the next requests with these, in order; the last one then repeats."""
        with self._lock:
            self._script = list(behaviours)
            if behaviours:
                self._last = behaviours[-1]
        return self

    def _take(self, received: Received) -> Behaviour:
        with self._lock:
            self.requests.append(received)
            return self._script.pop(0) if self._script else self._last

    def start(self) -> LoopbackLLM:
        self._stopping.clear()
        self._httpd = _Server(self._address, _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases hanging and delayed handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def closed_port_url() -> str:
    """A loopback base URL where nothing listens: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def loopback_llm() -> Iterator[LoopbackLLM]:
    with LoopbackLLM() as server:
        yield server
