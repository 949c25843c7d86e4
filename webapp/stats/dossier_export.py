"""The dossiers behind one figure as a spreadsheet, with the columns the page shows."""

from __future__ import annotations

from datetime import datetime

from webapp.formatting import local_time
from webapp.spreadsheets import workbook
from webapp.stats.dossier_lists import FigureList
from workflows.machines.exemption import State as ExemptionState

DOSSIER_COLUMNS = (
    ("dossier_code", "Mã hồ sơ"),
    ("procedure_code", "Mã thủ tục"),
    ("channel", "Kênh nộp"),
    ("received_at", "Tiếp nhận"),
    ("due_at", "Hẹn trả"),
    ("returned_at", "Trả kết quả"),
    ("finished_at", "Kết thúc trên phần mềm"),
    ("exemption_label", "Miễn trừ"),
)
DOSSIER_WIDTHS = (24, 16, 10, 18, 18, 18, 22, 16)
COMPLAINT_COLUMNS = (
    ("complaint_code", "Mã phản ánh"),
    ("channel", "Kênh"),
    ("received_at", "Tiếp nhận"),
    ("subject", "Nội dung"),
    ("official_name", "Cán bộ bị phản ánh"),
)
COMPLAINT_WIDTHS = (20, 16, 18, 48, 24)
CHANNEL_LABELS = {
    "online": "Trực tuyến",
    "direct": "Trực tiếp",
    "postal": "Bưu chính",
    "hotline_1022": "Tổng đài 1022",
    "national_portal": "Cổng DVC quốc gia",
}
TIMES = ("received_at", "due_at", "returned_at", "finished_at")


def shown_rows(listed: FigureList) -> list[dict]:
    """The list's rows as people read them: local times, channel names."""
    rows = []
    for item in listed.items:
        row = dict(item)
        for key in TIMES:
            if row.get(key):
                row[key] = local_time(datetime.fromisoformat(row[key]))
        row["channel"] = CHANNEL_LABELS.get(row["channel"], row["channel"])
        if row.get("exemption_state"):
            row["exemption_label"] = ExemptionState(row["exemption_state"]).label
        rows.append(row)
    return rows


def figure_workbook(listed: FigureList) -> bytes:
    complaints = listed.figure == "complaints"
    return workbook(
        f"{listed.label} {listed.period}",
        COMPLAINT_COLUMNS if complaints else DOSSIER_COLUMNS,
        COMPLAINT_WIDTHS if complaints else DOSSIER_WIDTHS,
        shown_rows(listed),
    )


def export_file_name(listed: FigureList) -> str:
    """An ASCII file name: ho-so-ANBINH-2024-01-resolved_late.xlsx."""
    safe_code = "".join(c for c in listed.unit.code if c.isascii() and (c.isalnum() or c in "-_"))
    return f"ho-so-{safe_code}-{listed.period}-{listed.figure}.xlsx"
