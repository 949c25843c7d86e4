"""Letters of every kind built in memory (no database), modelled on the seed letters."""

from __future__ import annotations

from datetime import date

import webapp.models  # noqa: F401  (every mapper, so transient models can be built)
from webapp.directives.models import Assignment, Directive, LetterKind
from webapp.signers.models import IssuingBody, Signer

CITY = "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA"
WARDS = [
    "An Bình", "Bình Đa", "Bửu Hòa", "Bửu Long", "Hiệp Hòa", "Hóa An", "Hố Nai", "Long Bình",
    "Long Bình Tân", "Long Hưng", "Phước Tân", "Quang Vinh", "Quyết Thắng", "Tam Hiệp",
    "Tam Phước", "Tân Biên", "Tân Hạnh", "Tân Hiệp", "Tân Hòa", "Tân Mai", "Tân Phong",
    "Tân Tiến", "Tân Vạn", "Thanh Bình", "Thống Nhất", "Trảng Dài", "Trung Dũng", "Hòa Bình",
    "Phước Hưng", "Long Hòa",
]  # fmt: skip


def city() -> IssuingBody:
    """Return the city People's Committee as issuer."""
    return IssuingBody(name=CITY, parent_name="", place="Biên Hòa", symbol="UBND-VP")


def vice_chair() -> Signer:
    """Return a vice-chair signing on the chair's behalf."""
    return Signer(full_name="Nguyễn Hữu Đính", title="Phó Chủ tịch", authority="KT. Chủ tịch")


def chair() -> Signer:
    """Return the chair signing on the committee's behalf."""
    return Signer(full_name="Đỗ Khôi Nguyên", title="CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN")


def directive(**overrides) -> Directive:
    """Return a directive letter (chấn chỉnh) like 1522/UBND-THNC, numbered 5 on 5 January."""
    letter = Directive(
        kind=LetterKind.DIRECTIVE,
        issuing_body=city(),
        signer=vice_chair(),
        period="2024-01",
        subject="chấn chỉnh tình trạng giải quyết hồ sơ thủ tục hành chính quá hạn tháng 01/2024",
        addressees=[
            "Phòng Quản lý đô thị thành phố",
            "Phòng Nội vụ thành phố",
            "Phòng Văn hóa và Thông tin thành phố",
            "UBND 30 phường, xã",
        ],
        opening=[
            "Căn cứ Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về kiểm tra "
            "công tác cải cách hành chính, kiểm soát thủ tục hành chính năm 2024; qua xem xét "
            "báo cáo kết quả giải quyết thủ tục hành chính tháng 01/2024 tại UBND 30 phường, xã, "
            "vẫn còn một số đơn vị thực hiện chưa đảm bảo như Tam Phước, Tân Tiến, Bửu Hòa, "
            "Phước Tân (có tỷ lệ giải quyết dưới 97%); vẫn còn tình trạng công chức quên bấm "
            "kết thúc hồ sơ dẫn đến trễ hạn trên phần mềm.",
        ],
        lead_in="Từ những tồn tại hạn chế nêu trên, Chủ tịch UBND thành phố chỉ đạo như sau:",
        closing=[
            "Chủ tịch UBND thành phố đề nghị các đơn vị nghiêm túc thực hiện; quá trình thực "
            "hiện có khó khăn, vướng mắc, các đơn vị báo cáo UBND thành phố để xử lý."
        ],
        recipients=["Chủ tịch, các PCT UBND TP", "Chánh, các Phó Văn phòng"],
        drafting_unit="VP",
        number=5,
        symbol="UBND-VP",
        letter_date=date(2024, 1, 5),
        assignments=[
            Assignment(
                position=1,
                heading="Đối với các đơn vị có tỷ lệ giải quyết hồ sơ dưới 97% "
                "(Tam Phước, Tân Tiến, Bửu Hòa, Phước Tân)",
                text="Tập trung chỉ đạo, rà soát nguyên nhân, triển khai các giải pháp để "
                "đạt tỷ lệ trên 97%; kiểm tra kết quả giải quyết hồ sơ hàng ngày, hàng tuần.",
                sub_items=[
                    "Rà soát toàn bộ hồ sơ đang giải quyết quá hạn;",
                    "Xin lỗi người dân đối với hồ sơ trễ hạn.",
                ],
                deadline=date(2024, 2, 5),
            ),
            Assignment(
                position=2,
                heading="Giao Phòng Nội vụ thành phố",
                text="Theo dõi tiến độ xử lý, khắc phục của các đơn vị được giao nhiệm vụ nêu trên.",
            ),
        ],
    )
    for key, value in overrides.items():
        setattr(letter, key, value)
    return letter


def notice(rows: int = 30) -> Directive:
    """Return a notice of results with a per-ward table, signed by the chair on 29 June."""
    table = {
        "columns": ["STT", "Đơn vị", "Tiếp nhận", "Đúng hạn", "Quá hạn", "Tỷ lệ đúng hạn (%)"],
        "rows": [
            [str(n), f"UBND phường {WARDS[(n - 1) % len(WARDS)]}", str(100 + n), str(95 + n),
             str(n % 4), f"{96 + (n % 4)},{n % 10}0"]
            for n in range(1, rows + 1)
        ],
    }  # fmt: skip
    return directive(
        kind=LetterKind.NOTICE,
        signer=chair(),
        subject="kết quả giải quyết hồ sơ thủ tục hành chính tháng 6/2024 tại UBND 30 phường",
        addressees=["UBND 30 phường, xã"],
        opening=[
            "UBND thành phố thông báo kết quả giải quyết hồ sơ thủ tục hành chính tháng "
            "6/2024 của UBND 30 phường, xã như sau:"
        ],
        table=table,
        lead_in="Chủ tịch UBND thành phố yêu cầu:",
        assignments=[
            Assignment(
                position=1,
                heading="",
                text="Các đơn vị có tỷ lệ đúng hạn dưới 97% rà soát, khắc phục ngay.",
                deadline=date(2024, 7, 15),
            )
        ],
        closing=[],
        number=118,
        letter_date=date(2024, 6, 29),
        period="2024-06",
    )


def reminder() -> Directive:
    """Return an unsigned draft reminder (no number, no date) for January."""
    return directive(
        kind=LetterKind.REMINDER,
        subject="đôn đốc khắc phục hồ sơ quá hạn trên phần mềm",
        addressees=["UBND phường Tân Tiến", "UBND phường Bửu Hòa"],
        number=None,
        symbol="",
        letter_date=None,
        assignments=[
            Assignment(
                position=1,
                heading="Đối với UBND phường Tân Tiến, UBND phường Bửu Hòa",
                text="Khẩn trương báo cáo kết quả khắc phục theo Công văn số 05/UBND-VP.",
                deadline=date(2024, 1, 31),
            )
        ],
        closing=["Đề nghị các đơn vị thực hiện nghiêm túc."],
    )


def criticism() -> Directive:
    """Return a criticism of one ward that failed three months running."""
    return directive(
        kind=LetterKind.CRITICISM,
        signer=chair(),
        subject="phê bình UBND phường Tân Tiến",
        addressees=["UBND phường Tân Tiến"],
        opening=[
            "Tháng 11/2023, tháng 12/2023 và tháng 01/2024, UBND phường Tân Tiến có tỷ lệ "
            "giải quyết hồ sơ đúng hạn dưới 97%, dù UBND thành phố đã chỉ đạo nhiều lần."
        ],
        lead_in="Chủ tịch UBND thành phố phê bình và yêu cầu:",
        assignments=[
            Assignment(
                position=1,
                heading="Chủ tịch UBND phường Tân Tiến",
                text="Tổ chức kiểm điểm trách nhiệm tập thể, cá nhân có liên quan.",
                sub_items=["Báo cáo kết quả kiểm điểm về Phòng Nội vụ thành phố."],
                deadline=date(2024, 2, 15),
            )
        ],
        number=12,
        letter_date=date(2024, 1, 24),
        drafting_unit="NV",
        symbol="UBND-NV",
    )


def apology() -> Directive:
    """Return a ward's apology to a citizen for a late dossier."""
    return directive(
        kind=LetterKind.APOLOGY,
        issuing_body=IssuingBody(
            name="ỦY BAN NHÂN DÂN PHƯỜNG TÂN TIẾN",
            parent_name="UBND THÀNH PHỐ BIÊN HÒA",
            place="Tân Tiến",
            symbol="UBND",
        ),
        signer=Signer(full_name="Trần Thị Ánh", title="Chủ tịch", authority="TM. Ủy ban nhân dân"),
        subject="xin lỗi về việc trả kết quả hồ sơ trễ hạn",
        addressees=["Bà Nguyễn Thị Hồng Nhung"],
        opening=[
            "Ngày 02/01/2024, UBND phường Tân Tiến tiếp nhận hồ sơ đăng ký khai sinh của "
            "Bà, hẹn trả kết quả ngày 04/01/2024. Do công chức chậm xử lý, kết quả được trả "
            "ngày 09/01/2024, trễ hạn 03 ngày làm việc.",
            "UBND phường Tân Tiến chân thành xin lỗi Bà vì sự chậm trễ này và cam kết chấn "
            "chỉnh, không để tái diễn.",
        ],
        lead_in="",
        assignments=[],
        closing=["Trân trọng cảm ơn Bà."],
        recipients=["UBND thành phố Biên Hòa (để báo cáo)"],
        drafting_unit="",
        number=3,
        symbol="UBND",
        letter_date=date(2024, 1, 10),
    )


BUILDERS = {
    "directive": directive,
    "notice": notice,
    "reminder": reminder,
    "criticism": criticism,
    "apology": apology,
}
