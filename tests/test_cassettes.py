"""Every recorded cassette: nothing secret-like, no private reason, no screened field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import test_rewrite_cassettes
from bowout.models import LetterRequest
from test_rewrite_cassettes import FIRST_TRY, INJECTED

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
FILES = sorted(CASSETTES.glob("**/*.yaml"))

SECRET_LIKE = {
    "OpenAI-style key": re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    "bearer token": re.compile(r"bearer\s+[A-Za-z0-9._\-]{8,}", re.IGNORECASE),
    "organisation id": re.compile(r"\borg-[A-Za-z0-9]{8,}"),
    "project id": re.compile(r"\bproj_[A-Za-z0-9]{8,}"),
    "cookie header": re.compile(
        r"^\s*-?\s*['\"]?(set-)?cookie['\"]?\s*:", re.IGNORECASE | re.MULTILINE
    ),
    "auth header": re.compile(
        r"^\s*['\"]?(authorization|api-key|x-api-key|openai-organization|openai-project)['\"]?\s*:",
        re.IGNORECASE | re.MULTILINE,
    ),
}


def test_there_are_cassettes_to_check() -> None:
    assert len(FILES) >= len(FIRST_TRY) + 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_cassette_holds_nothing_secret_like(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for what, pattern in SECRET_LIKE.items():
        match = pattern.search(text)
        assert match is None, f"{path.name}: {what}: {match.group(0)!r}"


def _request_bodies(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(item["request"]["body"]) for item in data["interactions"]]


def _recorded_requests() -> list[LetterRequest]:
    """Every request the cassette tests send, wherever the module keeps it (the first-try
    table, the reask cases, the screened one), so a new case is checked without a list."""
    found: list[LetterRequest] = []
    for value in vars(test_rewrite_cassettes).values():
        items = value.values() if isinstance(value, dict) else [value]
        found.extend(item for item in items if isinstance(item, LetterRequest))
    return found


PRIVATE_REASONS = sorted({r.private_reason for r in _recorded_requests() if r.private_reason})


def test_every_recorded_request_is_checked_for_its_private_reason() -> None:
    reasks = [test_rewrite_cassettes.REASK_FIXES, test_rewrite_cassettes.FAILS_TWICE]
    assert {r.private_reason for r in reasks} <= set(PRIVATE_REASONS)
    assert len(PRIVATE_REASONS) >= len(FIRST_TRY) + 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_private_reason_in_any_recorded_request(path: Path) -> None:
    bodies = "\n".join(_request_bodies(path)).lower()
    assert bodies, f"{path.name} has no request bodies"
    for reason in PRIVATE_REASONS:
        assert reason.lower() not in bodies, (path.name, reason)
    # Nor any distinctive piece of one: three consecutive words of a reason.
    for reason in PRIVATE_REASONS:
        words = reason.lower().split()
        for i in range(len(words) - 2):
            piece = " ".join(words[i : i + 3])
            assert piece not in bodies, (path.name, piece)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_screened_field_in_any_recorded_request(path: Path) -> None:
    bodies = "\n".join(_request_bodies(path))
    assert "Ignore all previous instructions" not in bodies
    assert INJECTED.sender_name not in bodies
