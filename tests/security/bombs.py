"""Zip bombs a few megabytes long that unpack to gigabytes, written without holding either in
memory, and a watch on this process's peak memory."""

from __future__ import annotations

import io
import re
import resource
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MIB = 1 << 20
STATUS = Path("/proc/self/status")


def _deflated(data: bytes, final: bool) -> bytes:
    """Return raw deflate blocks of data that start afresh, so copies can follow each other."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(
        zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH
    )


@dataclass(frozen=True)
class Member:
    """One file of an archive: its deflated bytes, checksum and unpacked size."""

    deflated: bytes
    crc: int
    size: int

    @classmethod
    def of(cls, data: bytes) -> Member:
        return cls(_deflated(data, final=True), zlib.crc32(data), len(data))

    @classmethod
    def repeated(cls, head: bytes, filler: bytes, copies: int, tail: bytes) -> Member:
        """head + filler × copies + tail, deflated once per distinct piece: the copies of the
        filler's blocks cost a kilobyte each, whatever the filler's size."""
        block = _deflated(filler, final=False)
        deflated = _deflated(head, final=False) + block * copies + _deflated(tail, final=True)
        crc = zlib.crc32(head)
        for _ in range(copies):
            crc = zlib.crc32(filler, crc)
        crc = zlib.crc32(tail, crc)
        return cls(deflated, crc, len(head) + len(filler) * copies + len(tail))


def write_zip(members: dict[str, Member]) -> bytes:
    """Return a ZIP of deflated members whose directory tells their true sizes."""
    out = io.BytesIO()
    directory = []
    for name, member in members.items():
        offset, raw = out.tell(), name.encode()
        sizes = (member.crc, len(member.deflated), member.size, len(raw))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, *sizes, 0) + raw)
        out.write(member.deflated)
        directory.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, *sizes,
                        0, 0, 0, 0, 0, offset) + raw
        )  # fmt: skip
    start = out.tell()
    out.write(b"".join(directory))
    count, length = len(directory), out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, length, start, 0))
    return out.getvalue()


def members_of(document: bytes) -> dict[str, Member]:
    """Return every member of a real DOCX or XLSX, to replace one by a bomb."""
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return {name: Member.of(archive.read(name)) for name in archive.namelist()}


def bomb_of(
    document: bytes, part: str, head: bytes, tail: bytes, unpacked: int, filler: bytes = b"A" * MIB
) -> bytes:
    """Return the document with one part grown to about `unpacked` bytes, copies of a filler."""
    members = members_of(document)
    copies = (unpacked - len(head) - len(tail)) // len(filler)
    members[part] = Member.repeated(head, filler, copies, tail)
    return write_zip(members)


def declared_size(archive: bytes) -> int:
    """Return how many bytes an archive's directory says it unpacks to."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return sum(info.file_size for info in opened.infolist())


def _status(field: str) -> int:
    return int(re.search(rf"^{field}:\s+(\d+) kB", STATUS.read_text(), re.MULTILINE)[1]) * 1024


class PeakMemory:
    """Measure how far this process's resident memory rises inside a `with` block."""

    def __enter__(self) -> PeakMemory:
        try:
            # Writing 5 resets the kernel's record of the peak (VmHWM) to the present size.
            Path("/proc/self/clear_refs").write_text("5")
            self._peak = lambda: _status("VmHWM")
        except OSError:
            self._peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        self.before = max(_status("VmRSS"), self._peak())
        self.rise = 0
        return self

    def __exit__(self, *_exc) -> None:
        self.rise = self._peak() - self.before

    @property
    def rise_mib(self) -> float:
        return self.rise / MIB
