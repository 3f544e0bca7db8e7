"""Letters from a spreadsheet: read CSV or JSONL rows, compose them, write them as they finish.

Rows are numbered from 1 in the order they appear (a CSV header is not a row; a JSONL row's
number is its line number). Every letter is written the moment it is ready, so an
interrupted run leaves valid output: whole JSONL lines, each carrying its row number, or one
file per letter, written atomically and named after its row. `resume` reads that back and
skips the rows already done. When the run completes, a JSONL output is rewritten in row
order. The private reason is never written to the output.

asyncio is imported only inside `run_batch` (through `bowout.many`'s functions), so
importing this module stays cheap for the CLI.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import unicodedata
from array import array
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import aclosing, closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from pydantic import ValidationError

from bowout.catalog import scenario_info
from bowout.choices import BatchFormat, Channel
from bowout.compose import NO_CALLBACK
from bowout.errors import (
    InputFileError,
    OutputBusyError,
    OutputExistsError,
    OutputWriteError,
    column_or_flag,
    describe_validation_error,
)
from bowout.fields import column_names, flag_of
from bowout.many import DEFAULT_CONCURRENCY, compose_as_completed
from bowout.models import Letter, LetterRequest, StrictModel
from bowout.output import OutputFormat, atomic_writer, format_letter, write_new_file
from bowout.settings import LLMSettings

_INPUT_KINDS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# Column name (a field's name, its flag's name, an alias) -> LetterRequest field.
_COLUMNS = column_names()


class BatchRow(StrictModel):
    """One input row: a valid request, or the reason it is not one."""

    row: int
    line: int
    request: LetterRequest | None = None
    error: str | None = None
    # The default sender name this row was signed with, when it gave none of its own.
    signed_as: str | None = None

    @property
    def where(self) -> str:
        return f"row {self.row}" if self.row == self.line else f"row {self.row} (line {self.line})"


class BatchRecord(StrictModel):
    """One line of JSONL output."""

    row: int
    request: LetterRequest
    letter: Letter

    def to_json_line(self) -> bytes:
        dumped = self.model_dump_json()  # the request leaves its private reason out itself
        return dumped.encode("utf-8") + b"\n"


# --- reading -------------------------------------------------------------------------


def _input_kind(path: Path) -> str:
    kind = _INPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputFileError(f"{path}: expected a .csv or .jsonl file, not {path.suffix or 'no'}")
    if not path.exists():
        raise InputFileError(f"{path} not found")
    if not path.is_file():
        raise InputFileError(f"{path} is not a file")
    return kind


def _open_text(path: Path) -> IO[str]:
    try:
        # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputFileError(f"cannot read {path}: {err.strerror}") from None


def _column_name(header: str) -> str:
    # Forgive the spellings spreadsheets invite: "Sender Name", "sender-name".
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _fields_of(path: Path, names: list[str]) -> list[str]:
    """The LetterRequest field each column means ('' for a column with no name); unknown
    columns and two columns meaning one field are refused."""
    unknown = [name for name in names if name and name not in _COLUMNS]
    if unknown:
        described = []
        for name in unknown:
            close = difflib.get_close_matches(name, _COLUMNS, n=1)
            described.append(f"{name!r} (did you mean {close[0]}?)" if close else repr(name))
        raise InputFileError(
            f"{path}: unknown column {', '.join(described)}; columns are request field names "
            "or their flags' names, such as scenario, to, company (see `bowout scenarios`)"
        )
    fields = [_COLUMNS.get(name, "") for name in names]
    for field_name in dict.fromkeys(f for f in fields if f):
        same = [name for name, f in zip(names, fields, strict=True) if f == field_name]
        if len(same) > 1:
            if len(set(same)) == 1:
                raise InputFileError(f"{path}: column {same[0]!r} appears twice")
            both = " and ".join(map(repr, same))
            raise InputFileError(f"{path}: columns {both} both mean {field_name}; keep one")
    return fields


def _to_request(
    row: int, line: int, data: Any, defaults: Mapping[str, Any] | None = None
) -> BatchRow:
    if not isinstance(data, dict):
        return BatchRow(row=row, line=line, error="is not a JSON object")
    data, signed_as = with_defaults(data, defaults or {})
    try:
        request = LetterRequest.model_validate(data)
    except ValidationError as err:
        # A row's missing field can come from its column or from the command's flag.
        names = {
            str(e["loc"][0]): column_or_flag(str(e["loc"][0])) for e in err.errors() if e["loc"]
        }
        return BatchRow(row=row, line=line, error=describe_validation_error(err, names=names))
    missing = scenario_info(request.scenario).missing_fields(request)
    if missing:
        needs = ", ".join(map(column_or_flag, missing))
        error = f"the {request.scenario.value} letter needs {needs}"
        return BatchRow(row=row, line=line, error=error)
    return BatchRow(row=row, line=line, request=request, signed_as=signed_as)


_PHONE_COLUMN = f"a phone column or {flag_of('sender_phone')}"

# Who a letter is signed by: these come only from the row, or from the defaults when the
# row is the defaults' own person.
_CONTACT = ("sender_phone", "sender_email")


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def with_defaults(
    data: dict[str, Any], defaults: Mapping[str, Any]
) -> tuple[dict[str, Any], str | None]:
    """A row with the sender's defaults (profile, BOWOUT_*) under it, and the default name
    when the row was signed with it.

    Only a row that is the defaults' own person gets their phone and email: its
    sender_name is empty (it is then signed with the default name, and counted) or the
    same name. A row for anyone else keeps only its own columns, so a coach's batch never
    signs a client's letter with the coach's number. Other defaults (the tone) fill any row.
    """
    shared = {k: v for k, v in defaults.items() if k != "sender_name" and k not in _CONTACT}
    merged = {**shared, **data}
    name = defaults.get("sender_name")
    if not isinstance(name, str) or not name.strip():
        return merged, None
    own = data.get("sender_name")
    contact = {k: defaults[k] for k in _CONTACT if defaults.get(k)}
    if not isinstance(own, str) or not own.strip():
        return {**contact, **merged, "sender_name": name}, name
    if _same_person(own, name):
        return {**contact, **merged}, None
    return merged, None


def _csv_rows(
    path: Path, handle: IO[str], defaults: Mapping[str, Any] | None
) -> Iterator[BatchRow]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise InputFileError(f"{path} is empty; it needs a header row and one row per letter")
    columns = _fields_of(path, [_column_name(name) for name in header])
    row = 0
    line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            row += 1
            if len(cells) > len(columns):
                extra = len(cells) - len(columns)
                yield BatchRow(row=row, line=line, error=f"has {extra} more cells than the header")
            elif any(cell.strip() and not name for name, cell in zip(columns, cells, strict=False)):
                yield BatchRow(row=row, line=line, error="has a value in a column with no name")
            else:
                # An empty cell means "not given", so the field's default applies.
                data = {k: v for k, v in zip(columns, cells, strict=False) if k and v.strip()}
                yield _to_request(row, line, data, defaults)
        line = reader.line_num + 1


def _jsonl_rows(handle: IO[str], defaults: Mapping[str, Any] | None) -> Iterator[BatchRow]:
    for line_number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield BatchRow(row=line_number, line=line_number, error=f"is not valid JSON: {err.msg}")
            continue
        if isinstance(data, dict):
            # In JSON, as in a CSV cell, an empty string means "not given".
            data, clash = _keys_as_fields({k: v for k, v in data.items() if v != ""})
            if clash:
                yield BatchRow(row=line_number, line=line_number, error=clash)
                continue
        yield _to_request(line_number, line_number, data, defaults)


def _keys_as_fields(data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A JSON object's keys as LetterRequest fields (`to` -> recipient_name); unknown keys
    are kept for validation to name. The second value says which keys mean one field."""
    fields: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for key, value in data.items():
        name = _COLUMNS.get(key, key)
        if name in keys:
            return data, f"has keys {keys[name]!r} and {key!r}, which both mean {name}; keep one"
        keys[name] = key
        fields[name] = value
    return fields, None


def read_rows(
    path: Path, defaults: Mapping[str, Any] | None = None
) -> Generator[BatchRow, None, None]:
    """Yield every row of a CSV or JSONL file, lazily. File-level problems (missing file,
    wrong extension, empty file, unknown CSV columns, text that is not UTF-8) raise
    `InputFileError`; a bad row is yielded with its reason and the reading goes on."""
    kind = _input_kind(path)
    with _open_text(path) as handle:
        rows = _csv_rows(path, handle, defaults) if kind == "csv" else _jsonl_rows(handle, defaults)
        seen = False
        try:
            for row in rows:
                seen = True
                yield row
        except UnicodeDecodeError:
            raise InputFileError(f"{path} is not UTF-8 text; save it as UTF-8") from None
        except csv.Error as err:
            raise InputFileError(f"{path} is not a readable CSV file: {err}") from None
    if not seen:
        raise InputFileError(f"{path} has no rows; add one row per letter")


def check_input(path: Path) -> None:
    """Raise `InputFileError` now for a file `read_rows` would refuse (reads one row)."""
    rows = read_rows(path)
    try:
        next(rows)
    finally:
        rows.close()


def count_rows(path: Path) -> int:
    """How many rows `read_rows` will yield (for a progress bar); checks the file on the way."""
    return sum(1 for _ in read_rows(path))


# --- writing -------------------------------------------------------------------------


def resolve_format(out: Path, fmt: BatchFormat | None) -> BatchFormat:
    """An explicit format wins; otherwise a .jsonl OUTPUT is JSONL and a folder gets drafts
    (.eml for email letters; LinkedIn and phone letters are .txt whatever the format)."""
    looks_like_jsonl = out.suffix.lower() in (".jsonl", ".ndjson")
    if fmt is not None:
        if fmt is not BatchFormat.JSONL and looks_like_jsonl:
            raise InputFileError(f"{out}: .{fmt.value} letters go in a folder; give a folder name")
        return fmt
    if looks_like_jsonl:
        return BatchFormat.JSONL
    if out.is_dir() or not out.suffix:
        # Drafts to open and send: .eml for email letters, .txt for the others.
        return BatchFormat.EML
    raise InputFileError(f"{out}: give a .jsonl file or a folder (for one file per letter)")


def slugify(text: str, limit: int = 40) -> str:
    """A lowercase ASCII fragment that is safe in a file name on any system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def written_as(fmt: BatchFormat, channel: Channel) -> BatchFormat:
    """What a letter is written as in a folder of `fmt`: an email draft (.eml) is only for
    email letters; a LinkedIn message or phone talking points are text."""
    if fmt is BatchFormat.EML and channel is not Channel.EMAIL:
        return BatchFormat.TXT
    return fmt


def letter_filename(row: int, request: LetterRequest, fmt: BatchFormat) -> str:
    """e.g. 0003-withdraw-acme-priya-shah.eml: after the company and the recipient. The
    leading row number keeps names unique and sorted and is how `resume` knows the row is
    done. In a folder of drafts, a LinkedIn or phone letter is text marked with its
    channel (0004-withdraw-globex.phone.txt), so a later --format txt run into the same
    folder does not take it for its own."""
    parts = [f"{row:04d}", request.scenario.value]
    for who in (request.company, request.recipient_name):
        slug = slugify(who or "")
        if slug:
            parts.append(slug)
    suffix = written_as(fmt, request.channel)
    channel = f".{request.channel.value}" if suffix is not fmt else ""
    return "-".join(parts) + f"{channel}.{suffix.value}"


_RESUME_HINT = "pass --resume to finish it or --force to start over"
_KEPT_HINT = "the letters already written are kept; fix that and run again with --resume"


class Sink(Protocol):
    # Rows an earlier, interrupted run already wrote (what --resume skips).
    done_rows: set[int]

    def write(self, record: BatchRecord) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


def _lock(fd: int, path: Path) -> None:
    """Hold an exclusive lock on `fd` until it is closed: a second run into the same output,
    --force included, fails at once instead of interleaving with this one."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one run at a time is on the user
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputBusyError(str(path)) from None
    except OSError:
        pass  # a file system without locks (some network mounts): write unlocked


class JsonlSink:
    """Appends whole lines as letters finish; `finish` rewrites the file in row order."""

    def __init__(self, path: Path, *, resume: bool, force: bool) -> None:
        self.path = path
        self.done_rows: set[int] = set()
        # Where each line is, to put them in order without reading them all: parallel
        # arrays of machine integers (24 bytes a line), since a batch can be very long.
        self._rows = array("q")
        self._offsets = array("q")
        self._lengths = array("q")
        self._in_order = True  # as long as rows arrive ascending, `finish` has nothing to do
        if path.is_dir():
            raise InputFileError(f"{path} is a folder; for JSONL output give a .jsonl file")
        existed = os.path.lexists(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Opened without truncating: the lock comes first, so a run that cannot have
            # it leaves the file alone. Read too: `finish` reads the lines back in order.
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise OutputWriteError(str(path), err) from None
        _lock(fd, path)
        # Unbuffered: a write that fails leaves nothing queued to be flushed later, so the
        # file can be cut back to its last whole line.
        self._handle = io.FileIO(fd, "r+")
        try:
            if existed and resume:
                self._read_back()
            elif existed and not force:
                raise OutputExistsError(str(path), _RESUME_HINT)
            else:
                self._handle.truncate(0)
        except BaseException:
            self._handle.close()
            raise

    def _read_back(self) -> None:
        offset = 0
        with open(self._handle.fileno(), "rb", closefd=False) as reader:
            for number, line in enumerate(reader, start=1):
                if not line.endswith(b"\n"):
                    break  # cut off mid-write: that letter is written again
                try:
                    row = json.loads(line)["row"]
                    if not isinstance(row, int):
                        raise TypeError
                except (ValueError, KeyError, TypeError):
                    raise InputFileError(
                        f"{self.path} line {number} is not a bowout batch record; "
                        "cannot resume it (pass --force to start over)"
                    ) from None
                self._note(row, offset, len(line))
                self.done_rows.add(row)
                offset += len(line)
        self._handle.seek(offset)
        self._handle.truncate()

    def _note(self, row: int, offset: int, length: int) -> None:
        if self._rows and row < self._rows[-1]:
            self._in_order = False
        self._rows.append(row)
        self._offsets.append(offset)
        self._lengths.append(length)

    def write(self, record: BatchRecord) -> None:
        data = record.to_json_line()
        offset = self._handle.tell()
        try:
            # The whole line at once: an interruption leaves whole lines.
            written = 0
            while written < len(data):
                written += self._handle.write(data[written:]) or 0
        except OSError as err:
            self._cut_back(offset)
            raise OutputWriteError(str(self.path), err, _KEPT_HINT) from None
        self._note(record.row, offset, len(data))

    def _cut_back(self, offset: int) -> None:
        """Drop a line that was only partly written, so the file holds whole lines only."""
        with suppress(OSError):  # --resume skips a cut-off last line anyway
            self._handle.truncate(offset)
            self._handle.seek(offset)

    def finish(self) -> None:
        if self._in_order:
            return
        rows = self._rows
        ordered = sorted(range(len(rows)), key=rows.__getitem__)
        with atomic_writer(self.path, force=True, hint=_KEPT_HINT) as out:
            for line in ordered:
                self._handle.seek(self._offsets[line])
                out.write(self._handle.read(self._lengths[line]).decode("utf-8"))
        self._in_order = True  # the file on disk is in order now; the sink is done

    def close(self) -> None:
        # A flush that fails here already failed, and was reported, in write().
        with suppress(OSError):
            self._handle.close()


# A letter file's row, the channel mark of a text letter among drafts, and its format.
_LETTER_FILE = re.compile(r"^(\d+)-[a-z0-9-]*(?:\.(linkedin|phone))?\.(txt|eml)$")
_LEFTOVER_TEMP = re.compile(r"^\.\d+-[a-z0-9-]*(?:\.(?:linkedin|phone))?\.(txt|eml)\..*\.tmp$")


class FolderSink:
    """One .txt or .eml file per letter, each written atomically."""

    def __init__(self, path: Path, fmt: BatchFormat, *, resume: bool, force: bool) -> None:
        if path.exists() and not path.is_dir():
            raise InputFileError(f"{path} is a file; for .{fmt.value} output give a folder")
        self.path = path
        self.fmt = fmt
        self.done_rows: set[int] = set()
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, os.O_RDONLY)
        except OSError as err:
            raise OutputWriteError(str(path), err) from None
        _lock(self._fd, path)
        try:
            self._look_back(resume=resume, force=force)
        except BaseException:
            self.close()
            raise

    def _look_back(self, *, resume: bool, force: bool) -> None:
        # Letters of this format from an earlier run; other files are none of our business.
        earlier = []
        try:
            for entry in self.path.iterdir():
                if _LEFTOVER_TEMP.match(entry.name):
                    entry.unlink(missing_ok=True)  # a write that was interrupted
                elif (match := _LETTER_FILE.match(entry.name)) and self._ours(match):
                    earlier.append((entry, int(match.group(1))))
            if earlier and not (resume or force):
                raise OutputExistsError(str(self.path), _RESUME_HINT)
            for entry, row in earlier:
                if force:
                    entry.unlink()
                else:
                    self.done_rows.add(row)
        except OSError as err:
            raise OutputWriteError(str(self.path), err) from None

    def _ours(self, match: re.Match[str]) -> bool:
        """Whether a letter file is one this format writes: a marked text letter belongs
        to a folder of drafts, an unmarked one to a folder of text."""
        marked, suffix = match.group(2) is not None, match.group(3)
        if self.fmt is BatchFormat.EML:
            return suffix == "eml" or marked
        return suffix == self.fmt.value and not marked

    def write(self, record: BatchRecord) -> None:
        fmt = written_as(self.fmt, record.letter.channel)
        content = format_letter(record.letter, record.request, _OUTPUT_FORMATS[fmt])
        name = letter_filename(record.row, record.request, self.fmt)
        write_new_file(self.path / name, content, hint=_KEPT_HINT)

    def finish(self) -> None:
        pass

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)  # releases the lock


_OUTPUT_FORMATS = {BatchFormat.TXT: OutputFormat.TEXT, BatchFormat.EML: OutputFormat.EML}


def open_sink(out: Path, fmt: BatchFormat, *, resume: bool = False, force: bool = False) -> Sink:
    if resume and force:
        raise ValueError("resume and force exclude each other")
    if fmt is BatchFormat.JSONL:
        return JsonlSink(out, resume=resume, force=force)
    return FolderSink(out, fmt, resume=resume, force=force)


# --- running -------------------------------------------------------------------------

Outcome = Literal["written", "invalid", "failed", "skipped"]


@dataclass(frozen=True)
class BatchEvent:
    """What just happened to one row, for progress displays."""

    row: int
    outcome: Outcome
    message: str | None = None
    letter: Letter | None = None


@dataclass
class BatchSummary:
    written: int = 0
    from_model: int = 0
    fell_back: int = 0
    invalid: int = 0
    failed: int = 0
    skipped: int = 0
    # Written, but failing their own checks (the user's words need rewording).
    failing: int = 0
    # Why letters fell back, by reason tag: how many, and the first message in full.
    fallbacks: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Rows with no sender_name, signed with the default name: how many, by name.
    signed_as: dict[str, int] = field(default_factory=dict)
    # LinkedIn and phone letters written as text in a folder of email drafts, by channel.
    as_text: dict[str, int] = field(default_factory=dict)
    # Phone letters whose voicemail script gives no callback number.
    no_callback: int = 0

    @property
    def complete(self) -> bool:
        return self.invalid == 0 and self.failed == 0

    @property
    def exit_code(self) -> int:
        """0 every letter written and passing; 1 some row invalid or without a letter;
        3 every row has a letter, but some fail their checks."""
        if not self.complete:
            return 1
        return 3 if self.failing else 0

    def count(self, event: BatchEvent) -> None:
        if event.outcome == "written":
            self.written += 1
            if event.letter is not None and event.letter.source == "llm":
                self.from_model += 1
            if event.letter is not None and event.letter.report and not event.letter.report.ok:
                self.failing += 1
            if event.letter is not None and event.letter.fallback_reason:
                self.fell_back += 1
                tag, _, message = event.letter.fallback_reason.partition(": ")
                seen, first = self.fallbacks.get(tag, (0, message or tag))
                self.fallbacks[tag] = (seen + 1, first)
        elif event.outcome == "invalid":
            self.invalid += 1
        elif event.outcome == "failed":
            self.failed += 1
        else:
            self.skipped += 1

    def describe(self) -> str:
        parts = [
            f"{self.written} written ({self.from_model} from the model, "
            f"{self.fell_back} fell back to the template)",
            f"{self.invalid} invalid",
        ]
        if self.failing:
            parts.insert(1, f"{self.failing} failing their checks")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.skipped:
            parts.append(f"{self.skipped} already done")
        for name, count in self.signed_as.items():
            rows = "row" if count == 1 else "rows"
            parts.append(
                f"{count} {rows} with no sender_name signed with your default name, {name}"
            )
        if self.as_text:
            counts = " and ".join(f"{n} {channel}" for channel, n in self.as_text.items())
            parts.append(f"{counts} written as .txt (an .eml draft is for email letters)")
        if self.no_callback:
            parts.append(
                f"{self.no_callback} phone {'letter' if self.no_callback == 1 else 'letters'} "
                f"with no callback number in the voicemail (add {_PHONE_COLUMN})"
            )
        return ", ".join(parts)


def _failing_note(letter: Letter) -> str | None:
    if letter.report is None or letter.report.ok:
        return None
    notes = [n for n in letter.notes if n.startswith("the letter fails")]
    return notes[0] if notes else "the letter fails its checks"


def _same_file(source: Path, out: Path) -> bool:
    # As files, not paths: a hard link or a symlink to the input is the input.
    try:
        return out.exists() and os.path.samefile(source, out)
    except OSError:
        return out.resolve() == source.resolve()


async def run_batch(
    source: Path,
    out: Path,
    *,
    fmt: BatchFormat | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    settings: LLMSettings | None = None,
    resume: bool = False,
    force: bool = False,
    on_event: Callable[[BatchEvent], None] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> BatchSummary:
    """Compose a letter for every valid row of `source` and write it to `out`; `defaults`
    fill the fields a row leaves empty (e.g. the sender's saved profile).

    Checks the input before touching the output, so a bad INPUT never creates or changes
    OUTPUT. Invalid rows and failed letters are reported through `on_event` and counted;
    they never stop the rest.
    """
    check_input(source)
    if _same_file(source, out):
        raise InputFileError(f"{out} is the input file; write the letters somewhere else")
    fmt = resolve_format(out, fmt)
    summary = BatchSummary()

    def report(event: BatchEvent) -> None:
        summary.count(event)
        if on_event is not None:
            on_event(event)

    with closing(open_sink(out, fmt, resume=resume, force=force)) as sink:
        done = sink.done_rows

        def pending() -> Iterator[tuple[int, LetterRequest]]:
            for row in read_rows(source, defaults):
                if row.request is None:
                    report(BatchEvent(row.row, "invalid", f"{row.where}: {row.error}"))
                elif row.row in done:
                    report(BatchEvent(row.row, "skipped"))
                else:
                    if row.signed_as:
                        counted = summary.signed_as.get(row.signed_as, 0)
                        summary.signed_as[row.signed_as] = counted + 1
                    yield row.row, row.request

        results = compose_as_completed(pending(), concurrency=concurrency, settings=settings)
        # aclosing: a write that fails stops the letters still in flight at once.
        async with aclosing(results):
            async for result in results:
                if result.letter is None or result.request is None:
                    message = f"row {result.index}: {result.error}"
                    report(BatchEvent(result.index, "failed", message))
                    continue
                record = BatchRecord(row=result.index, request=result.request, letter=result.letter)
                sink.write(record)
                channel = result.letter.channel
                if fmt is not BatchFormat.JSONL and written_as(fmt, channel) is not fmt:
                    summary.as_text[channel.value] = summary.as_text.get(channel.value, 0) + 1
                if NO_CALLBACK in result.letter.notes:
                    summary.no_callback += 1
                failing = _failing_note(result.letter)
                why = f"row {result.index}: {failing}" if failing else None
                report(BatchEvent(result.index, "written", why, letter=result.letter))
        sink.finish()
    return summary
