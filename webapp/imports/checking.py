"""Read and check an import file in chunks, in a second process when the file is large.

The caller stores each checked chunk while the next ones are being read and checked. A large file
is checked in a forked child process, so that reading and checking (Python) run on one core while
storing (the database) runs on another; a small file is checked in this process. Either way the
caller receives the same messages in the same order: CheckedRows for every chunk of good rows
(none once a problem was found, since nothing of the file will be kept), then one CheckedFile.

The child writes each chunk to an unnamed spool file and tells the caller where it is through a
pipe, so it never waits for the caller to take a chunk; the spool lives in the page cache, not in
either process's memory, and disappears with its last descriptor.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
import pickle
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from webapp.imports.columns import header_finder, kept_header, match_header
from webapp.imports.kinds import CHECKED_ONLY, Problems
from webapp.imports.kinds.form06 import read_form06_header
from webapp.imports.models import ImportKind
from webapp.imports.reading import FileRejected, HeaderFinder, Table, open_table
from workflows import form06

CHUNK_ROWS = 20_000
# What a message from the child is, by its first byte. Rows are marshalled into the spool (plain
# tuples of text, numbers and None; both ends run the same interpreter), at a third of pickle's
# cost; the message gives their place.
ROWS, END, FAILURE = b"R", b"E", b"F"
HEADER_ONLY = "tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào"


class RowChecker(Protocol):
    def check(self, number: int, cells: list[str]) -> tuple | None:
        """Return the row to store, None after recording its problems, or CHECKED_ONLY for a
        row that is checked but holds no data (a report's section and total rows)."""

    def finish(self) -> object:
        """Check what needs every row; return what the importer keeps of the whole file."""


@dataclass
class CheckedRows:
    """A chunk of good rows, and how much of the file has been read."""

    rows: list[tuple]
    fraction: float


@dataclass
class CheckedFile:
    """The end of a file: rows read, every problem, how it was read, the checker's summary."""

    total: int
    problems: Problems
    note: str
    summary: object
    # The file's own header cells when they do not make the kind's header (None otherwise).
    header: list[str] | None = None
    sheet: str = ""  # the workbook's sheet read
    # The rows above the header (a title, the period, the unit): (row number, cells), to show.
    above: list[tuple[int, list[str]]] = field(default_factory=list)


class CheckerDied(RuntimeError):
    """The process checking the file stopped without finishing."""


@dataclass(frozen=True)
class FileCheck:
    """One file to check: its kind, and how to build its row checker once the header is read."""

    kind: ImportKind
    path: Path
    file_name: str
    max_bytes: int
    # Given the header as read (the columns' positions, or the official form's header).
    make_checker: Callable[[object, Problems], RowChecker]
    sheet: str = ""  # the workbook's sheet to read; "" for the first whose header is found
    period: str | None = None  # the month the upload says the file reports on

    def run(self) -> Iterator[CheckedRows | CheckedFile]:
        """Check every row; yield the good rows in chunks while no problem was found, then the end."""
        problems = Problems(self.file_name)
        total, note, summary, header, sheet, above = 0, "", None, None, "", []
        try:
            with open_table(
                self.path, self.max_bytes, header_finder_of(self.kind), self.sheet
            ) as table:
                note, sheet = table.note, table.sheet
                problems.sheet = table.sheet
                above = [(number, kept_header(cells)) for number, cells in table.above]
                read, rows = self._read_header(table, problems)
                if problems and isinstance(read, dict):  # the plain columns, to compare
                    header = kept_header(table.header)
                if not problems:
                    checker = self.make_checker(read, problems)
                    chunk: list[tuple] = []
                    for number, cells in rows:
                        row = checker.check(number, cells)
                        if row is CHECKED_ONLY:
                            continue
                        total += 1
                        if row is not None and not problems.count:
                            chunk.append(row)
                            if len(chunk) == CHUNK_ROWS:
                                yield CheckedRows(chunk, table.fraction())
                                chunk = []
                    if total == 0:
                        problems.add(table.header_row, "", "", HEADER_ONLY)
                    summary = checker.finish()
                    if chunk and not problems:
                        yield CheckedRows(chunk, 1.0)
        except FileRejected as rejected:
            problems.add(0, rejected.column, rejected.value, rejected.message)
        yield CheckedFile(total, problems, note, summary, header, sheet, above)

    def _read_header(self, table: Table, problems: Problems):
        """Read the header: where each column is (or, for a report in the official form, its
        layout and period), and the rows under it; record what is wrong with it."""
        if self.kind == ImportKind.UNIT_STATS and form06.is_header_start(table.header):
            return read_form06_header(table, problems, self.period)
        positions, header_problems = match_header(self.kind, table.header, table.header_row)
        for problem in header_problems:
            problems.add(problem["row"], problem["column"], problem["value"], problem["message"])
        return positions, table.rows


def header_finder_of(kind: ImportKind) -> HeaderFinder:
    """How a kind's header is found among a sheet's first rows: its columns' names, or, for
    monthly figures, the official form's header when no row names the columns."""
    plain_header = header_finder(kind)
    if kind != ImportKind.UNIT_STATS:
        return plain_header

    def find(rows: list[list[str]]) -> tuple[int, bool]:
        at, found = plain_header(rows)
        if found:
            return at, found
        form_at, form_found = form06.find_header(rows)
        return (form_at, True) if form_found else (at, False)

    return find


def checked_file(check: FileCheck, in_child: bool) -> Iterator[CheckedRows | CheckedFile]:
    """Yield check.run()'s messages, produced in a child process when in_child is true."""
    if not in_child:
        yield from check.run()
        return
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryFile(prefix="dondoc-import-") as spool:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=_check_in_child, args=(check, sender, spool.fileno()), daemon=True
        )
        child.start()
        sender.close()
        try:
            yield from _messages_of(child, receiver, spool.fileno(), check.file_name)
        finally:
            receiver.close()
            if child.is_alive():
                child.terminate()
            child.join()


def _messages_of(child, receiver, spool: int, file_name: str) -> Iterator:
    while True:
        try:
            data = receiver.recv_bytes()
        except EOFError:
            child.join()
            raise CheckerDied(
                f"Tiến trình kiểm tra tệp “{file_name}” dừng giữa chừng "
                f"(mã thoát {child.exitcode}); không dữ liệu nào được lưu."
            ) from None
        kind, body = data[:1], memoryview(data)[1:]
        if kind == ROWS:
            fraction, offset, size = marshal.loads(body)
            yield CheckedRows(marshal.loads(os.pread(spool, size, offset)), fraction)
        elif kind == END:
            yield pickle.loads(body)
            return
        else:
            raise CheckerDied(f"Kiểm tra tệp “{file_name}” gặp lỗi:\n{bytes(body).decode()}")


def _check_in_child(check: FileCheck, sender, spool: int) -> None:
    # The rows and chunks made here hold no reference cycles; refcounting frees them all.
    gc.disable()
    offset = 0
    try:
        for message in check.run():
            if isinstance(message, CheckedRows):
                data = marshal.dumps(message.rows)
                if os.pwrite(spool, data, offset) != len(data):
                    raise OSError(f"spool write cut short at byte {offset}")
                sender.send_bytes(ROWS + marshal.dumps((message.fraction, offset, len(data))))
                offset += len(data)
            else:
                sender.send_bytes(END + pickle.dumps(message))
    except BaseException:
        sender.send_bytes(FAILURE + traceback.format_exc().encode())
    finally:
        sender.close()


def worth_a_child(path: Path, min_bytes: int) -> bool:
    """Whether a file is large enough, and this machine has cores enough, to check it beside."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) > 1 and path.stat().st_size >= min_bytes
