# Records every exchange of an SDK client with Prism, through a `requests` response hook.
#
# The SDK hands back decoded values, never response headers, but Prism reports what it found
# wrong with a request in the `sl-violations` response header. The runtime sends every request,
# the login included, through one `requests.Session` (`sdk.transport.session`); a response hook
# on it sees each request as it went out and each response before the SDK reads it. That is the
# Python counterpart of the Rust tests' recording proxy (tests/sdk/tests/prism/recorder.rs),
# without a second server.
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests


@dataclass
class Violation:
    """One entry of Prism's `sl-violations` header."""

    severity: str
    # Such as `request.query.limit`.
    location: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity} at {self.location} ({self.code}): {self.message}"


@dataclass
class Exchange:
    """One request the SDK sent and the response Prism gave."""

    method: str
    # Path and query as sent, such as `/api/4.0/users?ids=1%2C2`.
    target: str
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    content_type: str | None
    response_body: bytes
    violations: list[Violation] = field(default_factory=list)

    def errors(self) -> list[Violation]:
        """The violations of severity Error."""
        return [v for v in self.violations if v.severity == "Error"]

    def passed(self) -> bool:
        """True when Prism accepted the request and answered with a success."""
        return 200 <= self.status < 300 and not self.errors()

    def request_header(self, name: str) -> str | None:
        """A request header's value (names compare case-insensitively)."""
        for key, value in self.request_headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def path(self) -> str:
        return urlsplit(self.target).path

    def query(self) -> list[tuple[str, str]]:
        """The decoded query string, as pairs in order."""
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    def __str__(self) -> str:
        text = f"{self.method} {self.target} -> {self.status}"
        for v in self.violations:
            text += f"\n      {v}"
        if not 200 <= self.status < 300:
            body = self.response_body.decode("utf-8", "replace")
            text += f"\n      body: {truncate(body, 400)}"
        return text


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def parse_violations(header: str) -> list[Violation]:
    """Parses `sl-violations`: a JSON array of `{location: [..], severity, code, message}`.
    A header that does not parse is itself an Error, so that it cannot pass unnoticed."""
    try:
        entries = json.loads(header)
        if not isinstance(entries, list):
            raise TypeError("not an array")
        return [
            Violation(
                severity=str(entry.get("severity", "")),
                location=".".join(str(part) for part in entry.get("location", [])),
                code=str(entry.get("code", "")),
                message=str(entry.get("message", "")),
            )
            for entry in entries
        ]
    except (ValueError, TypeError, AttributeError) as e:
        return [Violation("Error", "sl-violations", "unparsable", f"{e}: {header!r}")]


class Recorder:
    """Keeps every exchange of `session` until `take()`."""

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self.exchanges: list[Exchange] = []
        session.hooks["response"].append(self._record)

    def _record(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        violations = response.headers.get("sl-violations")
        self.exchanges.append(
            Exchange(
                method=request.method or "",
                target=request.path_url,
                request_headers=dict(request.headers),
                request_body=body or b"",
                status=response.status_code,
                content_type=response.headers.get("content-type"),
                # Reading it here is what the runtime does next anyway (no streaming).
                response_body=response.content,
                violations=parse_violations(violations) if violations else [],
            )
        )

    def take(self) -> list[Exchange]:
        """The exchanges since the last call."""
        taken, self.exchanges = self.exchanges, []
        return taken

    def close(self) -> None:
        if self._record in self.session.hooks["response"]:
            self.session.hooks["response"].remove(self._record)
