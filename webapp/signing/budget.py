"""Bound the work of checking a PDF: a deadline pyHanko's reading cannot pass, and the measures
of a file refused before any hashing (byte ranges, certificates, changes after signing)."""

from __future__ import annotations

import io
from time import monotonic

from pyhanko.pdf_utils import generic

from webapp.formatting import number

# Certificates one signature may carry; a real chain holds a handful, and building paths
# through thousands of look-alike certificates costs time no reading of the file would show.
MAX_CERTIFICATES = 50
# Revisions and objects written after a signature that the comparison with the signed revision
# may go through; long-term validation adds two revisions and a few dozen objects at a time.
MAX_LATER_REVISIONS = 60
MAX_LATER_OBJECTS = 20_000
TOO_COMPLEX_REASON = (
    "Việc kiểm tra vượt quá thời gian cho phép ({seconds} giây) nên đã dừng lại; "
    "hãy dùng phần mềm ký số trên máy để kiểm tra tệp này."
)


class TooComplex(Exception):
    """Checking the file would take more work than one request may do; the message says why."""


class Deadline:
    """The moment checking must stop (remembered once passed, should pyHanko swallow the error)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = monotonic() + seconds
        self.passed = False

    def check(self) -> None:
        """Raise TooComplex once the deadline has passed."""
        if self.passed or monotonic() > self.ends:
            self.passed = True
            raise TooComplex(self.reason())

    def reason(self) -> str:
        """Say, for the person who sent the file, why its checking stopped."""
        return TOO_COMPLEX_REASON.format(seconds=f"{self.seconds:g}".replace(".", ","))


class BoundedStream(io.BytesIO):
    """Hold the file for pyHanko, checking the deadline at every seek and every chunk hashed."""

    # pyHanko seeks once per object it reads and hashes in chunks of 4 KiB: neither parsing
    # objects nor hashing runs past the deadline. Plain reads are left unchecked, being too many.

    def __init__(self, data: bytes, deadline: Deadline) -> None:
        super().__init__(data)
        self.deadline = deadline

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.deadline.check()
        return super().seek(offset, whence)

    def readinto(self, buffer) -> int:
        self.deadline.check()
        return super().readinto(buffer)


def byte_range_problem(byte_range, file_size: int) -> str | None:
    """Say why a /ByteRange is not two pieces from the start within the file; None if it is."""
    # pyHanko hashes whatever pieces a /ByteRange lists: a forged one could make it hash the
    # whole file many times over before its coverage check finds the range wrong.
    values = list(byte_range) if isinstance(byte_range, generic.ArrayObject) else None
    if values is None or len(values) != 4 or not all(isinstance(v, int) for v in values):
        return "Vùng ký (/ByteRange) không phải hai đoạn liền quanh chữ ký."
    start, first, second, length = values
    if start != 0 or first <= 0 or second < first or length < 0 or second + length > file_size:
        return "Vùng ký (/ByteRange) không nằm gọn trong tệp."
    return None


def certificates_problem(signed_data) -> str | None:
    """Say why a signature carries too many certificates to build its chain here; None if not."""
    certificates = signed_data["certificates"]
    count = len(certificates) if certificates else 0
    if count > MAX_CERTIFICATES:
        return f"Chữ ký mang {count} chứng thư, quá nhiều để dựng chuỗi chứng thư tại đây."
    return None


def later_work_problem(reader, signed_revision: int) -> str | None:
    """Say why the revisions after a signature are too many to compare with the signed one."""
    xrefs = reader.xrefs
    later = range(signed_revision + 1, xrefs.total_revisions)
    if len(later) > MAX_LATER_REVISIONS:
        return f"Tệp có {len(later)} lần cập nhật sau khi ký, quá nhiều để so sánh tại đây."
    objects = sum(len(xrefs.explicit_refs_in_revision(revision)) for revision in later)
    if objects > MAX_LATER_OBJECTS:
        return f"Tệp có {number(objects)} đối tượng ghi sau khi ký, quá nhiều để so sánh tại đây."
    return None
