"""Biểu số 06/VPCP/KSTT workbooks built the way offices fill them in Excel: the body's name and
the form's number, the title, the period, a three-row header with its groups merged, the row of
column numbers, units under section rows with their subtotals, and the total row. As XLSX
(openpyxl) or as old XLS (xlwt), with or without diacritics."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

import xlwt
from openpyxl import Workbook

# One unit's row: name, then received online, direct, carried over; resolved early, on time,
# late; pending within time, overdue. Totals are computed unless given.
FIGURES = (
    "received_online",
    "received_direct",
    "carried_over",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_within",
    "pending_overdue",
)


@dataclass
class UnitRow:
    name: str
    figures: tuple[int, ...]  # in FIGURES order
    # A total to write instead of the sum of its parts: {"resolved_total": 99}.
    wrong_totals: dict[str, int] = field(default_factory=dict)

    def values(self) -> list[int]:
        online, direct, carried, early, on_time, late, within, overdue = self.figures
        totals = {
            "received_total": online + direct + carried,
            "resolved_total": early + on_time + late,
            "pending_total": within + overdue,
        }
        totals.update(self.wrong_totals)
        return [
            totals["received_total"],
            online,
            direct,
            carried,
            totals["resolved_total"],
            early,
            on_time,
            late,
            totals["pending_total"],
            within,
            overdue,
        ]


SECTIONS = (
    (
        "I",
        "Các phòng, ban chuyên môn",
        [UnitRow("Phòng Nội vụ thành phố", (10, 5, 2, 3, 10, 1, 3, 0))],
    ),
    (
        "II",
        "Cấp xã, phường",
        [
            UnitRow("Phường An Bình", (40, 20, 5, 10, 40, 5, 8, 2)),
            UnitRow("P. Tân Tiến", (30, 10, 0, 5, 30, 2, 3, 0)),
            UnitRow("UBND xã Hiệp Hòa", (8, 4, 1, 0, 10, 1, 2, 0)),
        ],
    ),
)


def plain(text: str) -> str:
    """The text typed without diacritics, as some offices still do."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass
class Form:
    sections: tuple = SECTIONS
    period_line: str = "Kỳ báo cáo: Tháng 01 năm 2024"
    diacritics: bool = True
    # A total row to write instead of the sum of the units: {"resolved_total": 1}.
    wrong_total: dict[int, int] = field(default_factory=dict)  # column offset → value
    header_swap: bool = False  # "Đúng hạn" and "Quá hạn" of the resolved group swapped
    numbering_row: bool = True
    # The resolved group's merged label starts one column early, over "Từ kỳ trước".
    merge_cut: bool = False
    # Two header rows: online and direct under their group at once, no "Trong kỳ" between.
    two_header_rows: bool = False

    def words(self, text: str) -> str:
        return text if self.diacritics else plain(text)

    def cells(self) -> tuple[list[list], list[tuple[int, int, int, int]]]:
        """The sheet's rows and its merged ranges (first row, last row, first col, last col),
        0-based."""
        w = self.words
        rows: list[list] = [
            [
                w("ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA"),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                w("Biểu số 06/VPCP/KSTT"),
            ],
            [w("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ")],
            [w(self.period_line)],
            [w("Đơn vị tính: Số hồ sơ TTHC")],
        ]
        merged = [(1, 1, 0, 12), (2, 2, 0, 12)]
        top = len(rows)
        on_time, late = ("Trả đúng hạn", "Trả quá hạn")
        if self.header_swap:  # the two columns' labels swapped, their figures not
            on_time, late = late, on_time
        groups = [
            "STT",
            w("Tên đơn vị"),
            w("Số hồ sơ nhận giải quyết"),
            "",
            "",
            "",
            w("Số hồ sơ đã giải quyết"),
            "",
            "",
            "",
            w("Số hồ sơ đang giải quyết"),
            "",
            "",
        ]
        if self.merge_cut:
            groups[5], groups[6] = groups[6], ""
        rows.append(groups)
        rows.append(
            [
                "",
                "",
                w("Tổng số"),
                w("Trong kỳ"),
                "",
                w("Từ kỳ trước chuyển qua"),
                w("Tổng số"),
                w("Trả trước hạn"),
                w(on_time),
                w(late),
                w("Tổng số"),
                w("Chưa đến hạn"),
                w("Quá hạn"),
            ]
        )
        if self.two_header_rows:
            rows[-1][3:5] = [w("Trực tuyến"), w("Trực tiếp, dịch vụ bưu chính công ích")]
            merged += [(top, top + 1, 0, 0), (top, top + 1, 1, 1), (top, top, 2, 5)]
            merged += [(top, top, 6, 9), (top, top, 10, 12)]
        else:
            rows.append(["", "", "", w("Trực tuyến"), w("Trực tiếp, dịch vụ bưu chính công ích")])
        merged += (
            []
            if self.two_header_rows
            else [
                (top, top + 2, 0, 0),
                (top, top + 2, 1, 1),
                (top, top, 2, 4 if self.merge_cut else 5),
                (top, top, 5 if self.merge_cut else 6, 9),
                (top, top, 10, 12),
                (top + 1, top + 2, 2, 2),
                (top + 1, top + 1, 3, 4),
                (top + 1, top + 2, 5, 5),
            ]
            + [(top + 1, top + 2, c, c) for c in range(6, 13)]
        )
        if self.numbering_row:
            rows.append([f"({n})" for n in range(1, 14)])
        every: list[list[int]] = []
        for number, title, units in self.sections:
            section_sum = [sum(col) for col in zip(*(u.values() for u in units), strict=True)]
            rows.append([number, w(title), *section_sum])
            for position, unit in enumerate(units, start=1):
                rows.append([position, w(unit.name), *unit.values()])
                every.append(unit.values())
        total = [sum(col) for col in zip(*every, strict=True)]
        for offset, value in self.wrong_total.items():
            total[offset] = value
        rows.append(["", w("Tổng cộng"), *total])
        return rows, merged

    def xlsx(self) -> bytes:
        rows, merged = self.cells()
        book = Workbook()
        sheet = book.active
        sheet.title = "Biểu 06"
        for row in rows:
            sheet.append(row)
        for first_row, last_row, first_col, last_col in merged:
            sheet.merge_cells(
                start_row=first_row + 1,
                end_row=last_row + 1,
                start_column=first_col + 1,
                end_column=last_col + 1,
            )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def xls(self) -> bytes:
        rows, merged = self.cells()
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("Bieu 06")
        starts = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in merged}
        covered = {
            (r, c)
            for r1, r2, c1, c2 in merged
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in covered:
                    continue
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    sheet.write_merge(r, r2, c, c2, value)
                elif value != "":
                    sheet.write(r, c, value)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
