"""Files for the demo's office to upload as real ones arrive: February 2024's report of one ward
(Tân Vạn, which keeps nothing pending in the software past January) in the official form
(Biểu số 06/VPCP/KSTT, XLSX, merged header, the ward under its section, the total row), and the
one-stop system's February export of dossiers as an old Excel file with its title rows above the
header (kept in the package, `ho-so-mot-cua-thang-02-2024.xls`)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

FORM06_NAME = "bieu-06-phuong-tan-van-thang-02-2024.xlsx"
XLS_EXPORT = Path(__file__).with_name("ho-so-mot-cua-thang-02-2024.xls")

# Tân Vạn's February 2024: received online, direct or by post, carried over from January;
# resolved early, on time, late (125 of 134 in time: under 97 %); pending within time, overdue.
TAN_VAN_FEBRUARY = (60, 82, 0, 40, 85, 9, 6, 2)


def _figures(online, direct, carried, early, on_time, late, within, overdue) -> list[int]:
    return [
        online + direct + carried,
        online,
        direct,
        carried,
        early + on_time + late,
        early,
        on_time,
        late,
        within + overdue,
        within,
        overdue,
    ]


def form06_workbook() -> bytes:
    """Tân Vạn's report of February 2024 in the official form, as a ward fills it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Biểu 06"
    figures = _figures(*TAN_VAN_FEBRUARY)
    rows = [
        ["UBND THÀNH PHỐ BIÊN HÒA", "", "", "", "", "", "", "", "", "", "", "Biểu số 06/VPCP/KSTT"],
        ["UBND PHƯỜNG TÂN VẠN"],
        [
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT"
        ],
        ["Kỳ báo cáo: Tháng 02 năm 2024 (từ ngày 01/02/2024 đến ngày 29/02/2024)"],
        ["Đơn vị tính: Số hồ sơ TTHC"],
        [
            "STT",
            "Tên đơn vị",
            "Số hồ sơ nhận giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đã giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đang giải quyết",
        ],
        [
            "",
            "",
            "Tổng số",
            "Trong kỳ",
            "",
            "Từ kỳ trước chuyển qua",
            "Tổng số",
            "Trả trước hạn",
            "Trả đúng hạn",
            "Trả quá hạn",
            "Tổng số",
            "Chưa đến hạn",
            "Quá hạn",
        ],
        ["", "", "", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính công ích"],
        [f"({n})" for n in range(1, 14)],
        ["I", "Cấp xã", *figures],
        [1, "Phường Tân Vạn", *figures],
        ["", "Tổng cộng", *figures],
    ]
    for row in rows:
        sheet.append(row)
    for cells in (
        "A3:M3",
        "A4:M4",
        "A6:A8",
        "B6:B8",
        "C6:F6",
        "G6:J6",
        "K6:M6",
        "C7:C8",
        "D7:E7",
        "F7:F8",
        "G7:G8",
        "H7:H8",
        "I7:I8",
        "J7:J8",
        "K7:K8",
        "L7:L8",
        "M7:M8",
    ):
        sheet.merge_cells(cells)
    for row in sheet.iter_rows(min_row=6, max_row=9):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_sample_files(folder: Path) -> list[Path]:
    """Put the demo's files to upload in the folder; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    form = folder / FORM06_NAME
    form.write_bytes(form06_workbook())
    export = folder / XLS_EXPORT.name
    shutil.copyfile(XLS_EXPORT, export)
    return [form, export]
