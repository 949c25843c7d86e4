"""The demo city: Biên Hòa's People's Committee, the departments and 30 wards of its letter."""

from __future__ import annotations

from datetime import date

ISSUING_BODY = {
    "name": "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA",
    "parent_name": "",
    "place": "Biên Hòa",
    "symbol": "UBND-VP",
}

# (code, name): the departments the 1522/UBND-THNC letter addresses or assigns work to.
DEPARTMENTS = (
    ("VP", "Văn phòng HĐND và UBND thành phố"),
    ("QLDT", "Phòng Quản lý đô thị thành phố"),
    ("NV", "Phòng Nội vụ thành phố"),
    ("VHTT", "Phòng Văn hóa và Thông tin thành phố"),
)

# (code, name, kind): the 29 wards and 1 commune of the city.
WARDS = (
    ("ANBINH", "An Bình", "ward"),
    ("ANHOA", "An Hòa", "ward"),
    ("BINHDA", "Bình Đa", "ward"),
    ("BUUHOA", "Bửu Hòa", "ward"),
    ("BUULONG", "Bửu Long", "ward"),
    ("HIEPHOA", "Hiệp Hòa", "commune"),
    ("HOAAN", "Hóa An", "ward"),
    ("HOABINH", "Hòa Bình", "ward"),
    ("HONAI", "Hố Nai", "ward"),
    ("LONGBINH", "Long Bình", "ward"),
    ("LONGBINHTAN", "Long Bình Tân", "ward"),
    ("LONGHUNG", "Long Hưng", "ward"),
    ("PHUOCTAN", "Phước Tân", "ward"),
    ("QUANGVINH", "Quang Vinh", "ward"),
    ("QUYETTHANG", "Quyết Thắng", "ward"),
    ("TAMHIEP", "Tam Hiệp", "ward"),
    ("TAMHOA", "Tam Hòa", "ward"),
    ("TAMPHUOC", "Tam Phước", "ward"),
    ("TANBIEN", "Tân Biên", "ward"),
    ("TANHANH", "Tân Hạnh", "ward"),
    ("TANHIEP", "Tân Hiệp", "ward"),
    ("TANHOA", "Tân Hòa", "ward"),
    ("TANMAI", "Tân Mai", "ward"),
    ("TANPHONG", "Tân Phong", "ward"),
    ("TANTIEN", "Tân Tiến", "ward"),
    ("TANVAN", "Tân Vạn", "ward"),
    ("THANHBINH", "Thanh Bình", "ward"),
    ("THONGNHAT", "Thống Nhất", "ward"),
    ("TRANGDAI", "Trảng Dài", "ward"),
    ("TRUNGDUNG", "Trung Dũng", "ward"),
)

WARD_PREFIX = {"ward": "UBND phường", "commune": "UBND xã"}

# (username, display name, role, signer title, signer authority)
STAFF = (
    ("vanphong", "Nguyễn Thị Thu Trang", "office", None, None),
    ("chutich", "Trần Minh Khôi", "leader", "CHỦ TỊCH", ""),
    ("phochutich", "Lê Thị Thanh Hương", "leader", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("admin", "Quản trị hệ thống", "admin", None, None),
)


def units() -> list[tuple[str, str, str]]:
    """Return every demo unit as (code, name, kind)."""
    departments = [(code, name, "department") for code, name in DEPARTMENTS]
    wards = [(code, f"{WARD_PREFIX[kind]} {name}", kind) for code, name, kind in WARDS]
    return departments + wards


# The grounds the demo's letters cite, as letter 1522/UBND-THNC does.
GROUNDS = (
    (
        "plan",
        "394/KH-UBND",
        date(2024, 1, 8),
        "UBND thành phố",
        "về kiểm tra công tác cải cách hành chính, kiểm soát thủ tục hành chính năm 2024",
    ),
)
