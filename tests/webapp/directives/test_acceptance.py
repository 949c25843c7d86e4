"""The cycle's acceptance: the demo city's January 2024 drafts and signs letter 1522/UBND-THNC.

Loading the demo takes several seconds, so one test walks the whole command-line path.
"""

from __future__ import annotations

from webapp.directives.models import Directive, DirectiveState
from webapp.extensions import db

DEMO_PASSWORD = "mat-khau-demo-2026"
# Letter 1522/UBND-THNC of 24/01/2024, items 1 to 3: the wards each item names.
UNDER_97 = {"Tam Phước", "Tân Tiến", "Bửu Hòa", "Phước Tân"}
FORGOT_TO_FINISH = {
    "An Bình",
    "Bửu Hòa",
    "Hố Nai",
    "Hóa An",
    "Hiệp Hòa",
    "Long Bình",
    "Quang Vinh",
    "Tân Biên",
    "Tân Hòa",
    "Tân Tiến",
    "Phước Tân",
    "Long Hưng",
}
COMPLAINTS = {"An Bình", "Tân Biên", "Phước Tân", "Tam Phước", "Trảng Dài"}


def ward_names(assignment) -> set[str]:
    return {
        unit.name.removeprefix("UBND phường ").removeprefix("UBND xã ")
        for unit in assignment.lead_units
    }


def test_demo_draft_and_sign_reproduce_the_letter(runner, monkeypatch, tmp_path):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    assert runner.invoke(args=["demo"]).exit_code == 0

    drafted = runner.invoke(args=["draft", "--period", "2024-01"])
    assert drafted.exit_code == 0, drafted.output
    directive_id = drafted.stdout.strip()

    signed = runner.invoke(args=["sign", directive_id, "--as", "chutich"])

    assert signed.exit_code == 0, signed.output
    assert signed.stdout == "01/UBND-VP\n"
    directive = db.session.get(Directive, int(directive_id))
    assert directive.state == DirectiveState.SIGNED
    assert directive.signer.title == "CHỦ TỊCH"
    under_97, forgot, complained = directive.assignments[:3]
    assert under_97.heading.startswith("Đối với các đơn vị có tỷ lệ giải quyết hồ sơ dưới 97%")
    assert ward_names(under_97) == UNDER_97
    # "Thường xuyên" only when each ward forgot in two months of the window: not all of them did.
    assert forgot.heading.startswith("Đối với các đơn vị quên thao tác kết thúc hồ sơ (")
    assert ward_names(forgot) == FORGOT_TO_FINISH
    assert complained.heading.startswith("Đối với các đơn vị có công chức bị phản ánh")
    assert ward_names(complained) == COMPLAINTS
    for assignment, names in zip(
        (under_97, forgot, complained), (UNDER_97, FORGOT_TO_FINISH, COMPLAINTS), strict=True
    ):
        assert all(name in assignment.heading for name in names)
        assert assignment.supporting_units == []
    # Failing for the third month, the wards under 97 % face the disciplinary sentence.
    assert "đã tái phạm từ 03 lần trở lên phải có biện pháp xử lý" in under_97.text
    # Letter 1522's item 5: the department whose slow step made the wards' dossiers late.
    delayed = directive.assignments[3]
    assert delayed.heading == (
        "Đối với các đơn vị làm chậm hồ sơ liên thông của đơn vị khác "
        "(Phòng Quản lý đô thị thành phố)"
    )
    assert "làm chậm 04 hồ sơ của Bửu Hòa, Tam Phước" in delayed.text
    assert [item.heading for item in directive.assignments[4:]] == [
        "Giao Chủ tịch UBND 30 phường, xã",
        "Giao Phòng Văn hóa và Thông tin thành phố",
        "Giao Phòng Nội vụ thành phố",
    ]
    assert len(directive.assignments[4].lead_units) == 30
    assert directive.addressees == [
        "Phòng Quản lý đô thị thành phố",
        "Phòng Văn hóa và Thông tin thành phố",
        "Phòng Nội vụ thành phố",
        "UBND các phường, xã",
    ]

    out = tmp_path / "cong-van.pdf"
    rendered = runner.invoke(args=["render", directive_id, "--format", "pdf", "--out", str(out)])
    assert rendered.exit_code == 0, rendered.output
    assert out.read_bytes().startswith(b"%PDF")
