"""What bowout keeps between runs goes to the user's cache folder, never into the package:
files an installer did not write would outlive an uninstall."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bowout

ONE_LETTER = (
    "from bowout import LetterRequest, compose\n"
    "compose(LetterRequest(scenario='withdraw', sender_name='Ana Lima', company='Acme'))\n"
)


def run_one_letter(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-c", ONE_LETTER], env=env, check=True, timeout=120)


def test_a_run_keeps_its_files_in_the_cache_folder(tmp_path: Path) -> None:
    env = {**os.environ, "BOWOUT_CACHE_DIR": str(tmp_path / "cache")}
    package = Path(bowout.__file__).parent
    before = {p for p in package.rglob("*") if p.suffix != ".pyc"}
    run_one_letter(env)
    (install,) = (tmp_path / "cache").iterdir()  # one folder for this install
    names = {p.name for p in install.iterdir()}
    assert any(n.startswith("patterns.") for n in names), names  # compiled regex code
    assert any(n.startswith("reason_model.") for n in names), names  # the model's weights
    assert any(n.startswith("templates-") for n in names), names  # compiled templates
    after = {p for p in package.rglob("*") if p.suffix != ".pyc"}
    assert after == before  # nothing new inside the package


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    env = {**os.environ, "BOWOUT_CACHE_DIR": str(blocker / "cache")}
    run_one_letter(env)  # check=True: it must still write the letter


def test_the_data_files_are_read_back_as_parsed_and_parsed_again_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bowout import kept
    from bowout.guardrails import datafiles

    monkeypatch.setenv("BOWOUT_CACHE_DIR", str(tmp_path))
    kept.kept_dir.cache_clear()
    try:
        first = datafiles.read_toml("reasons/pay.toml")
        assert list(tmp_path.rglob("data-reasons-pay.toml.*")), "no kept copy"
        assert datafiles.read_toml("reasons/pay.toml") == first
        # A kept copy of other text (the file changed since) is not used.
        (copy,) = tmp_path.rglob("data-reasons-pay.toml.*")
        copy.write_bytes(marshal.dumps((b"another digest", {"name": "stale"})))
        assert datafiles.read_toml("reasons/pay.toml") == first
        copy.write_bytes(b"not marshal data")
        assert datafiles.read_toml("reasons/pay.toml") == first
    finally:
        kept.kept_dir.cache_clear()


def test_a_test_run_keeps_nothing_in_the_users_cache(tmp_path: Path) -> None:
    # Collecting the template tests already renders letters; the folder must be set by then.
    env = {k: v for k, v in os.environ.items() if k not in ("BOWOUT_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path)
    tests = Path(__file__).resolve().parent
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         str(tests / "test_templates.py")],
        env=env, cwd=tests.parent, check=True, capture_output=True,
    )  # fmt: skip
    assert not (tmp_path / ".cache").exists(), sorted(tmp_path.rglob("*"))


def test_the_reason_model_read_back_reads_as_the_json_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bowout import kept
    from bowout.guardrails.reason_model import ReasonModel

    monkeypatch.setenv("BOWOUT_CACHE_DIR", str(tmp_path))
    kept.kept_dir.cache_clear()
    sentences = [
        "The salary is considerably below what I had hoped for.",
        "Thank you for your time and for the interviews last week.",
        "I was not happy with how long the process took, but I enjoyed meeting the team.",
    ]
    try:
        from_json = ReasonModel.load()
        (copy,) = tmp_path.rglob("reason_model.*")
        from_copy = ReasonModel.load()
        for sentence in sentences:
            assert from_copy.probabilities(sentence) == from_json.probabilities(sentence)
            label = from_json.read(sentence).label
            assert from_copy.cues(sentence, label) == from_json.cues(sentence, label)
        # A copy that does not fit (truncated, or of another file) is not used.
        stamp, header, features, table = marshal.loads(copy.read_bytes())
        copy.write_bytes(marshal.dumps((stamp, header, features[:-1], table)))
        assert ReasonModel.load().probabilities(sentences[0]) == from_json.probabilities(
            sentences[0]
        )
        copy.write_bytes(b"not marshal data")
        assert len(ReasonModel.load().rows) == len(from_json.rows)
    finally:
        kept.kept_dir.cache_clear()
