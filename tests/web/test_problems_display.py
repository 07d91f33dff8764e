"""The one way a service's problems and a form's errors reach a page (`web.problems`), and
the one skeleton of a pipeline form (`web.problems.form_submit`)."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from hypothesis import given
from hypothesis import strategies as st

from giaingan.lib.problems import InvalidInput, Problem
from giaingan.web.problems import (
    error_summary,
    form_messages,
    form_submit,
    on_form,
    problem_message,
    problem_text,
    problems_on_form,
)


class NumberForm(forms.Form):
    number = forms.CharField(label="Số quyết định", error_messages={"required": "Chưa nhập."})
    day = forms.CharField(label="Ngày", required=False)


def test_a_problem_goes_next_to_the_field_its_column_names():
    form = NumberForm({"number": "12/QĐ"})
    assert form.is_valid()
    problems_on_form(
        form,
        [
            Problem("số quyết định đã dùng", column="so_quyet_dinh", value="12/QĐ"),
            Problem("quyết định phải có ít nhất một dòng"),
            Problem("không đọc được", column="cot_la"),
        ],
        {"so_quyet_dinh": "number"},
    )
    assert form.errors["number"] == ["Số quyết định đã dùng."]
    assert form.non_field_errors() == ["Quyết định phải có ít nhất một dòng.", "Không đọc được."]
    assert error_summary(form)[0] == ("#id_number", "Số quyết định: Số quyết định đã dùng.")
    assert form_messages(form)[1:] == [
        "Quyết định phải có ít nhất một dòng.",
        "Không đọc được.",
    ]


def test_a_problem_alone_names_its_row_field_and_value():
    problem = Problem("phải là số nguyên", row=3, column="Số tiền", value="12,5")
    assert problem_message(problem) == "Dòng 3, Số tiền: Phải là số nguyên. (giá trị: «12,5»)"
    assert problem_message(Problem("Phải ghi lý do.", column="Lý do")) == "Lý do: Phải ghi lý do."


@given(st.text(min_size=1).filter(lambda text: text.strip()))
def test_a_problem_is_one_sentence_ending_once(reason):
    text = problem_text(Problem(reason))
    assert text[0] == text[0].upper()
    assert text.endswith((".", "?", "!", "…"))
    assert not text.endswith("..") or reason.strip().endswith("..")


def answer(kind):
    return lambda value: HttpResponse(f"{kind}:{value}")


def test_form_submit_shows_the_form_errors_and_calls_nothing():
    called = []
    response = form_submit(
        NumberForm({}),
        called.append,
        done=answer("done"),
        again=answer("again"),
        found=["Chưa điểm danh."],
    )
    assert response.content.decode() == "again:['Số quyết định: Chưa nhập.', 'Chưa điểm danh.']"
    assert called == []


def test_form_submit_shows_the_service_refusal():
    def refuse(data):
        raise InvalidInput([Problem("Số quyết định 12 đã dùng.", column="Số quyết định")])

    response = form_submit(
        NumberForm({"number": "12"}), refuse, done=answer("done"), again=answer("again")
    )
    assert response.content.decode() == "again:['Số quyết định: Số quyết định 12 đã dùng.']"


def test_form_submit_hands_the_result_on():
    response = form_submit(
        NumberForm({"number": "12"}),
        lambda data: data["number"],
        done=answer("done"),
        again=answer("again"),
    )
    assert response.content.decode() == "done:12"


def test_form_submit_places_the_refusal_on_the_form():
    def refuse(data):
        raise InvalidInput(
            [
                Problem("số quyết định đã dùng", column="number", value="12"),
                Problem("quyết định phải có ít nhất một dòng"),
            ]
        )

    form = NumberForm({"number": "12"})
    response = form_submit(
        form, refuse, done=answer("done"), again=answer("again"), place=on_form(form)
    )
    assert response.content.decode() == "again:[]"
    assert form.errors["number"] == ["Số quyết định đã dùng."]
    assert form.non_field_errors() == ["Quyết định phải có ít nhất một dòng."]


def test_form_submit_place_chooses_the_messages():
    def refuse(data):
        raise InvalidInput([Problem("đã thẩm định", column="number")])

    response = form_submit(
        NumberForm({"number": "12"}),
        refuse,
        done=answer("done"),
        again=answer("again"),
        place=lambda problems: [f"Minh chứng: {p.reason}." for p in problems],
    )
    assert response.content.decode() == "again:['Minh chứng: đã thẩm định.']"
