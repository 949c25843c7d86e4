"""A unit's letter of apology (văn bản xin lỗi) to a citizen whose dossier was late, as words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workflows.errors import InvalidInput

TITLES = ("Ông", "Bà")
TEXT_MAX = 300


@dataclass(frozen=True)
class ApologyRequest:
    citizen_title: str  # "Ông" or "Bà"
    citizen_name: str
    procedure: str  # e.g. "đăng ký khai sinh"
    received_on: date
    due_on: date
    returned_on: date
    reason: str  # e.g. "công chức chậm xử lý"
    signer_name: str
    signer_title: str  # e.g. "CHỦ TỊCH"


@dataclass(frozen=True)
class ApologyLetter:
    issuer_name: str  # "ỦY BAN NHÂN DÂN PHƯỜNG TÂN TIẾN"
    place: str
    subject: str
    addressee: str
    opening: tuple[str, ...]
    closing: tuple[str, ...]


def check_apology(request: ApologyRequest) -> None:
    """Refuse an apology that lacks a part or whose dates are out of order, listing every problem."""
    problems = []
    if request.citizen_title not in TITLES:
        problems.append({"field": "citizen_title", "message": "Chọn Ông hoặc Bà."})
    for field in ("citizen_name", "procedure", "reason", "signer_name", "signer_title"):
        value = getattr(request, field).strip()
        if not value or len(value) > TEXT_MAX:
            problems.append({"field": field, "message": f"Cần từ 1 đến {TEXT_MAX} ký tự."})
    if request.due_on < request.received_on:
        problems.append({"field": "due_on", "message": "Ngày hẹn trả trước ngày tiếp nhận."})
    if request.returned_on <= request.due_on:
        problems.append(
            {"field": "returned_on", "message": "Ngày trả kết quả phải sau ngày hẹn trả."}
        )
    if problems:
        raise InvalidInput("Văn bản xin lỗi chưa đủ thông tin.", problems)


def issuer_of(unit_name: str) -> tuple[str, str]:
    """Return the heading name and the place of a unit: "UBND phường Tân Tiến" gives
    ("ỦY BAN NHÂN DÂN PHƯỜNG TÂN TIẾN", "Tân Tiến")."""
    name = unit_name.strip()
    place = name
    if name.upper().startswith("UBND "):
        name = "Ủy ban nhân dân " + name[5:]
        for level in ("phường ", "xã ", "thị trấn "):
            if place[5:].lower().startswith(level):
                place = place[5 + len(level) :]
                break
    return name.upper(), place


def apology_letter(unit_name: str, request: ApologyRequest) -> ApologyLetter:
    """Return the words of the apology, on the model the Biên Hòa letter orders."""
    check_apology(request)
    issuer, place = issuer_of(unit_name)
    who = request.citizen_title
    late = (request.returned_on - request.due_on).days
    return ApologyLetter(
        issuer_name=issuer,
        place=place,
        subject="xin lỗi về việc trả kết quả hồ sơ trễ hạn",
        addressee=f"{who} {request.citizen_name.strip()}",
        opening=(
            f"Ngày {request.received_on:%d/%m/%Y}, {unit_name} tiếp nhận hồ sơ "
            f"{request.procedure.strip()} của {who}, hẹn trả kết quả ngày "
            f"{request.due_on:%d/%m/%Y}. Do {request.reason.strip()}, kết quả được trả ngày "
            f"{request.returned_on:%d/%m/%Y}, trễ hạn {late:02d} ngày.",
            f"{unit_name} chân thành xin lỗi {who} vì sự chậm trễ này và cam kết chấn chỉnh, "
            "không để tái diễn.",
        ),
        closing=(f"Trân trọng cảm ơn {who}.",),
    )
