"""A draft says a unit was directed before only when the register holds the letter, and cites it."""

from __future__ import annotations

from tests import factories
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.extensions import db
from workflows.periods import local_today


def test_the_first_letter_has_no_history_and_the_next_cites_the_issued_one(issued):
    city = issued.city
    january = issued.letter
    assert all("đã chỉ đạo" not in item.text for item in january.assignments)

    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    city.add_month("ANBINH", "2024-02", resolved_on_time=40, resolved_late=2)
    db.session.commit()
    february = draft_directive(city.office, "2024-02")

    rate = february.assignments[0]
    assert rate.heading.startswith("Đối với các đơn vị có tỷ lệ giải quyết hồ sơ dưới 97%")
    signed_on = local_today().strftime("%d/%m/%Y")
    # Tam Phước was named about its rate in January's letter, An Bình was not (another finding).
    assert (
        f"(đối với Tam Phước, nội dung này UBND thành phố đã chỉ đạo tại Văn bản số "
        f"{january.number_text} ngày {signed_on} nhưng chưa khắc phục)" in rate.text
    )


def test_a_signed_letter_not_yet_issued_is_not_cited(app):
    city = factories.small_city()
    january = draft_directive(city.office, "2024-01")
    submit_directive(city.office, january)
    approve_directive(city.chairman, january)
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    db.session.commit()

    february = draft_directive(city.office, "2024-02")

    assert all("đã chỉ đạo" not in item.text for item in february.assignments)


def test_the_disciplinary_threshold_is_configurable(app, monkeypatch):
    monkeypatch.setitem(app.config, "REPEAT_FLAG_AT", 2)
    city = factories.small_city()
    db.session.commit()

    letter = draft_directive(city.office, "2024-01")

    rate = letter.assignments[0]
    assert "Riêng đơn vị Tam Phước (03 lần trong 12 tháng) đã tái phạm từ 02 lần trở lên" in (
        rate.text
    )
    assert "trường hợp tái phạm từ 02 lần trở lên" in letter.assignments[1].text
