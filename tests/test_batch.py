"""The batch library: reading rows, composing many letters, writing and resuming output."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bowout import BatchResult, LetterRequest, compose_many
from bowout.batch import (
    BatchRecord,
    JsonlSink,
    count_rows,
    letter_filename,
    read_rows,
    run_batch,
    slugify,
)
from bowout.choices import BatchFormat
from bowout.compose import compose
from bowout.errors import InputFileError, OutputExistsError
from bowout.many import compose_as_completed

CSV_WITH_BAD_ROWS = """\
scenario,Sender Name,company,interviewers,recipient_email
withdraw,Ana Lima,Acme,Dana Lee; Sam Roe,hr@acme.example

withdraw,,Acme,,
no-such-scenario,Ana Lima,Acme,,
withdraw,Bo Chen,Globex,,not-an-email
withdraw,Cy Diaz,,,
withdraw,Eve Fox,Initech,,,surplus
"withdraw","Gil Hart","Umbrella, Inc.","",""
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def request(n: int, **extra: object) -> LetterRequest:
    return LetterRequest.model_validate(
        {"scenario": "withdraw", "sender_name": f"Sender {n}", "company": f"Company {n}", **extra}
    )


# --- reading -------------------------------------------------------------------------


def test_csv_rows_keep_their_numbers_and_reasons(tmp_path: Path) -> None:
    rows = list(read_rows(write(tmp_path, "in.csv", CSV_WITH_BAD_ROWS)))
    assert [(r.row, r.line) for r in rows] == [
        (1, 2),
        (2, 4),
        (3, 5),
        (4, 6),
        (5, 7),
        (6, 8),
        (7, 9),
    ]
    first = rows[0].request
    assert first is not None and first.interviewers == ["Dana Lee", "Sam Roe"]
    assert first.sender_name == "Ana Lima"  # "Sender Name" header means sender_name
    errors = {r.row: r.error for r in rows if r.request is None}
    assert set(errors) == {2, 3, 4, 5, 6}
    assert "sender_name" in str(errors[2])
    assert "scenario" in str(errors[3])
    assert "recipient_email" in str(errors[4]) and "not-an-email" in str(errors[4])
    assert "needs company" in str(errors[5])
    assert "1 more cells" in str(errors[6])
    last = rows[6].request
    assert last is not None and last.company == "Umbrella, Inc." and last.interviewers == []
    assert rows[1].where == "row 2 (line 4)"
    assert count_rows(tmp_path / "in.csv") == 7


def test_jsonl_rows_are_numbered_by_line(tmp_path: Path) -> None:
    text = "\n".join(
        [
            json.dumps({"scenario": "withdraw", "sender_name": "Ana", "company": "Acme"}),
            "",
            "{not json",
            json.dumps(["a", "list"]),
            json.dumps(
                {"scenario": "withdraw", "sender_name": "Bo", "company": "X", "interviewers": "A;B"}
            ),
            json.dumps({"scenario": "withdraw", "sender_name": "Cy", "company": "X", "colour": 1}),
        ]
    )
    rows = list(read_rows(write(tmp_path, "in.jsonl", text)))
    assert [r.row for r in rows] == [1, 3, 4, 5, 6]
    assert rows[0].where == "row 1"
    assert rows[1].error is not None and "not valid JSON" in rows[1].error
    assert rows[2].error == "is not a JSON object"
    assert rows[3].request is not None and rows[3].request.interviewers == ["A", "B"]
    assert rows[4].error is not None and "colour is not a known field" in rows[4].error


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("in.txt", "scenario\n", "expected a .csv or .jsonl file"),
        ("in.csv", "", "is empty"),
        ("in.csv", "scenario,sender_name,company\n\n", "has no rows"),
        ("in.jsonl", "\n\n", "has no rows"),
        ("in.csv", "scenario,from,compnay\nwithdraw,A,B\n", "unknown column 'from'"),
        ("in.csv", b"scenario,sender_name\nwithdraw,\xff\xfe\n", "is not UTF-8"),
        ("in.csv", "scenario,company,Company\nwithdraw,A,B\n", "column 'company' appears twice"),
    ],
)
def test_unusable_input_files_are_one_line_errors(
    tmp_path: Path, name: str, text: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        list(read_rows(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_column_suggests_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", "scenario,sender_name,compnay\nwithdraw,A,B\n")
    with pytest.raises(InputFileError, match=r"'compnay' \(did you mean company\?\)"):
        list(read_rows(path))


def test_missing_input_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="not found"):
        list(read_rows(tmp_path / "nope.csv"))


# --- composing many ------------------------------------------------------------------


def test_compose_many_keeps_input_order_and_isolates_a_failure() -> None:
    requests = [request(n) for n in range(12)]
    # Valid as a request, but the withdraw letter needs a company: this one fails alone.
    requests[5] = LetterRequest(scenario="withdraw", sender_name="No Company")  # type: ignore[arg-type]
    results = asyncio.run(compose_many(requests, concurrency=3))
    assert [r.index for r in results] == list(range(12))
    assert all(isinstance(r, BatchResult) for r in results)
    failed = [r for r in results if not r.ok]
    assert [r.index for r in failed] == [5]
    assert failed[0].error is not None and "company" in failed[0].error
    for n, result in enumerate(results):
        if n != 5:
            assert result.letter is not None and result.request is requests[n]
            assert result.letter == compose(requests[n])


def test_compose_as_completed_reads_its_input_lazily() -> None:
    consumed = 0

    def requests() -> Iterator[tuple[int, LetterRequest]]:
        nonlocal consumed
        for n in range(1000):
            consumed += 1
            yield n, request(n)

    async def first_result() -> BatchResult:
        stream = compose_as_completed(requests(), concurrency=2)
        try:
            return await anext(stream)
        finally:
            await stream.aclose()

    assert asyncio.run(first_result()).index == 0
    # Only what fits in the in-flight slots and the small result queue was drawn.
    assert consumed <= 10


def test_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        asyncio.run(compose_many([request(1)], concurrency=0))


# --- writing and resuming ------------------------------------------------------------


def test_letter_file_names_are_safe_slugs() -> None:
    assert slugify("Müller & Søn, Inc. / Ltd") == "muller-sn-inc-ltd"
    assert (
        letter_filename(3, request(1, company="Acme"), BatchFormat.EML) == "0003-withdraw-acme.eml"
    )
    assert (
        letter_filename(12, request(1, company="../../etc"), BatchFormat.TXT)
        == "0012-withdraw-etc.txt"
    )


def record(row: int) -> BatchRecord:
    req = request(row, private_reason="the pay was far too low")
    return BatchRecord(row=row, request=req, letter=compose(req))


def rows_in(path: Path) -> list[int]:
    return [json.loads(line)["row"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_sink_puts_rows_in_order_when_done(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    sink = JsonlSink(out, resume=False, force=False)
    for row in (3, 1, 2):
        sink.write(record(row))
    assert rows_in(out) == [3, 1, 2]  # as they finished
    sink.finish()
    sink.close()
    assert rows_in(out) == [1, 2, 3]
    assert "pay" not in out.read_text(encoding="utf-8")  # the private reason stays private
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["letter"]["body"] == record(1).letter.body
    assert first["request"]["sender_name"] == "Sender 1"


def test_jsonl_sink_refuses_to_overwrite(tmp_path: Path) -> None:
    out = write(tmp_path, "out.jsonl", "precious\n")
    with pytest.raises(OutputExistsError, match="--resume"):
        JsonlSink(out, resume=False, force=False)
    assert out.read_text(encoding="utf-8") == "precious\n"


def test_resume_drops_a_cut_off_line_and_skips_done_rows(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "in.jsonl",
        "\n".join(
            json.dumps({"scenario": "withdraw", "sender_name": f"S{n}", "company": f"C{n}"})
            for n in range(1, 7)
        ),
    )
    out = tmp_path / "out.jsonl"
    whole = record(4).to_json_line() + record(2).to_json_line()
    out.write_bytes(whole + record(5).to_json_line()[:40])  # a write cut off mid-line
    outcomes: list[tuple[int, str]] = []
    summary = asyncio.run(
        run_batch(source, out, resume=True, on_event=lambda e: outcomes.append((e.row, e.outcome)))
    )
    assert summary.skipped == 2 and summary.written == 4 and summary.complete
    assert sorted(row for row, outcome in outcomes if outcome == "written") == [1, 3, 5, 6]
    assert rows_in(out) == [1, 2, 3, 4, 5, 6]
    # The rows written before the interruption are kept byte for byte.
    lines = out.read_bytes().splitlines(keepends=True)
    assert lines[1] + lines[3] == record(2).to_json_line() + record(4).to_json_line()


def test_resume_refuses_a_file_that_is_not_batch_output(tmp_path: Path) -> None:
    source = write(tmp_path, "in.csv", "scenario,sender_name,company\nwithdraw,A,B\n")
    out = write(tmp_path, "out.jsonl", '{"something": "else"}\n')
    with pytest.raises(InputFileError, match="not a bowout batch record"):
        asyncio.run(run_batch(source, out, resume=True))
    assert out.read_text(encoding="utf-8") == '{"something": "else"}\n'


def test_bad_input_never_touches_the_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(InputFileError):
        asyncio.run(run_batch(tmp_path / "missing.csv", out))
    assert not out.exists()


def test_a_value_under_a_nameless_column_is_not_dropped_silently(tmp_path: Path) -> None:
    path = write(
        tmp_path, "in.csv", "scenario,sender_name,company,\nwithdraw,A,B,\nwithdraw,A,B,x\n"
    )
    rows = list(read_rows(path))
    assert rows[0].request is not None
    assert rows[1].error == "has a value in a column with no name"
