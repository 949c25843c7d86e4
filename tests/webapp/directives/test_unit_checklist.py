"""The editor's unit checklists: grouped by kind in a fixed order, units in Vietnamese order with
their full names, plain checkboxes that post the field's codes and come back ticked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests import factories
from tests.webapp.directives.editor_form import editor_data
from webapp.directives.operations import draft_directive
from webapp.directives.unit_choices import in_name_order
from webapp.extensions import db
from webapp.units.models import Unit

LEAD = "assignments-0-lead_unit_codes"
SUPPORT = "assignments-0-supporting_unit_codes"
# Names byte order puts the other way round.
EXTRA_WARDS = (
    ("TRUNGDUNG", "UBND phường Trung Dũng"),
    ("TRANGDAI", "UBND phường Trảng Dài"),
    ("TANBIEN", "UBND phường Tân Biên"),
    ("TANHOA", "UBND phường Tân Hòa"),
    ("TANHANH", "UBND phường Tân Hạnh"),
)


class Checklists(HTMLParser):
    """Each unit picker of a page: its groups as (legend, [(code, name, ticked)]), by field id."""

    def __init__(self, html: str):
        super().__init__()
        self.pickers: dict[str, list[tuple[str, list]]] = {}
        self._boxes: dict[str, list] = {}
        self._labels: dict[str, str] = {}
        self._picker: str | None = None
        self._group: list | None = None
        self._legend: str | None = None
        self._label_for: str | None = None
        self.feed(html)
        self.close()
        for groups in self.pickers.values():
            for _, boxes in groups:
                boxes[:] = [(code, self._labels[box_id], on) for box_id, code, on in boxes]

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "fieldset" and "data-unit-picker" in attr:
            self._picker = attr["id"]
            self.pickers[self._picker] = []
        elif tag == "fieldset" and "data-picker-group" in attr:
            self._group = []
        elif tag == "legend" and self._group is not None:
            self._legend = ""
        elif tag == "span" and self._legend is not None:
            self.pickers[self._picker].append((self._legend.strip(), self._group))
            self._legend = None
        elif tag == "input" and attr.get("type") == "checkbox" and self._group is not None:
            assert attr["name"] == self._picker
            self._group.append((attr["id"], attr["value"], "checked" in attr))
        elif tag == "label" and self._group is not None:
            self._label_for = attr["for"]
            self._labels[self._label_for] = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None
        elif tag == "fieldset" and self._group is not None:
            self._group = None
        elif tag == "fieldset":
            self._picker = None

    def handle_data(self, data):
        if self._legend is not None:
            self._legend += data
        elif self._label_for:
            self._labels[self._label_for] += data


@pytest.fixture
def city(app, tmp_path, monkeypatch):
    """The small city, five wards more, an agency, and its January letter drafted."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    city = factories.small_city()
    for code, name in EXTRA_WARDS:
        factories.unit(code, name, "ward")
    factories.unit("CATP", "Công an thành phố", "agency")
    draft = draft_directive(city.office, "2024-01")
    db.session.commit()
    return city, draft


def edit_page(client, draft) -> str:
    response = client.get(f"/directives/{draft.id}/edit")
    assert response.status_code == 200
    return response.text


def log_in_office(auth) -> str:
    assert auth.login("vanphong").status_code == 302
    return auth.csrf_token("/account")


def test_the_checklist_lists_names_in_the_vietnamese_alphabet():
    names = ["Trung Dũng", "Trảng Dài", "Tân Biên", "Tân Hòa", "Tân Hạnh", "Đồng Nai", "Dầu Giây"]
    units = [Unit(code=str(i), name=name) for i, name in enumerate(names)]
    assert [unit.name for unit in in_name_order(units)] == [
        "Dầu Giây",
        "Đồng Nai",
        "Tân Biên",
        "Tân Hạnh",
        "Tân Hòa",
        "Trảng Dài",
        "Trung Dũng",
    ]
    units = [Unit(code=str(i), name=name) for i, name in enumerate(["Ôn", "Ơn", "On", "Ân"])]
    assert [unit.name for unit in in_name_order(units)] == ["Ân", "On", "Ôn", "Ơn"]


def test_the_checklist_groups_units_by_kind_in_order_with_full_names(client, auth, city):
    _, draft = city
    log_in_office(auth)
    page = edit_page(client, draft)

    pickers = Checklists(page).pickers
    assert list(pickers)[:2] == [LEAD, SUPPORT]
    assert len(pickers) == 2 * len(draft.assignments)
    groups = pickers[LEAD]
    assert [name for name, _ in groups] == [
        "Phòng ban chuyên môn",
        "Phường",
        "Xã",
        "Cơ quan ngành dọc",
    ]
    wards = [name for _, name, _ in dict(groups)["Phường"]]
    assert wards == [
        "UBND phường An Bình",
        "UBND phường Bửu Hòa",
        "UBND phường Tam Phước",
        "UBND phường Tân Biên",
        "UBND phường Tân Hạnh",
        "UBND phường Tân Hòa",
        "UBND phường Tân Tiến",
        "UBND phường Trảng Dài",
        "UBND phường Trung Dũng",
    ]
    assert dict(groups)["Cơ quan ngành dọc"] == [("CATP", "Công an thành phố", False)]
    # The draft's first assignment leads the units it found failing; they come ticked.
    ticked = {code for _, boxes in groups for code, _, on in boxes if on}
    assert ticked == {u.code for u in draft.assignments[0].lead_units}
    assert (
        f'<p class="chosen" aria-live="polite" data-picker-total>Đã chọn {len(ticked)} đơn vị'
        in page
    )
    # No multi-select is left to lose a selection to a click without Ctrl.
    assert "<select multiple" not in page and 'name="' + LEAD + '" multiple' not in page
    # The filter box has its label; the tools JavaScript shows stay hidden without it.
    assert f'<label for="{LEAD}-filter">Tìm đơn vị trong danh sách</label>' in page
    assert re.search(
        r'class="unit-group-actions" data-picker-tools hidden>\s*<button type="button"', page
    )


def test_ticked_checkboxes_post_the_chosen_units_and_come_back_ticked(client, auth, city):
    _, draft = city
    csrf = log_in_office(auth)
    chosen = ["TANBIEN", "TRUNGDUNG", "HIEPHOA", "NV", "TANHANH"]
    data = editor_data(draft, **{LEAD: chosen, SUPPORT: ["CATP", "VHTT"]})

    response = client.post(f"/directives/{draft.id}/edit", data={**data, "csrf_token": csrf})

    assert response.status_code == 302, response.text
    db.session.expire_all()
    assignment = draft.assignments[0]
    assert {u.code for u in assignment.lead_units} == set(chosen)
    assert {u.code for u in assignment.supporting_units} == {"CATP", "VHTT"}
    pickers = Checklists(edit_page(client, draft)).pickers
    ticked = {
        field: {code for _, boxes in groups for code, _, on in boxes if on}
        for field, groups in pickers.items()
    }
    assert {field: ticked[field] for field in (LEAD, SUPPORT)} == {
        LEAD: set(chosen),
        SUPPORT: {"CATP", "VHTT"},
    }
    page = edit_page(client, draft)
    assert "Đã chọn 5 đơn vị: Phòng ban chuyên môn 1, Phường 3, Xã 1." in page
    assert "(đã chọn 3/9)" in page


def test_a_refused_post_keeps_the_ticks_it_was_sent(client, auth, city):
    _, draft = city
    csrf = log_in_office(auth)
    data = editor_data(draft, subject="", **{LEAD: ["TANHOA", "CATP"], SUPPORT: ["NV"]})

    response = client.post(f"/directives/{draft.id}/edit", data={**data, "csrf_token": csrf})

    assert response.status_code == 422
    pickers = Checklists(response.text).pickers
    assert {code for _, boxes in pickers[LEAD] for code, _, on in boxes if on} == {"TANHOA", "CATP"}
    assert {code for _, boxes in pickers[SUPPORT] for code, _, on in boxes if on} == {"NV"}
    db.session.expire_all()
    assert {u.code for u in draft.assignments[0].lead_units} != {"TANHOA", "CATP"}


def test_an_unknown_unit_code_is_refused_with_a_message(client, auth, city):
    _, draft = city
    csrf = log_in_office(auth)
    data = editor_data(draft, **{LEAD: ["TANHOA", "KHONGCO"]})

    response = client.post(f"/directives/{draft.id}/edit", data={**data, "csrf_token": csrf})

    assert response.status_code == 422
    assert "Có đơn vị chủ trì không có trong danh sách." in response.text
