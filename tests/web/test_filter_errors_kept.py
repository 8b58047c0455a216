"""What a list's filters refuse is kept by the FilterSet's class, the language and the values
(`web.templatetags.lists.filter_errors`): every list page's FilterSet, given good and bad
values (a date that is no date, a choice that is no choice, a number that is no number), in
both languages interleaved, answers from the kept refusals what it answers validating anew.
Control: refusals kept without the language answer Vietnamese to an English reader."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from oversight.web.templatetags import lists
from tests.core.test_listplans import _page_lists

BAD = {"received_after": "2024-13-01", "held_on_after": "hôm qua", "status": "không có",
       "stage": "nonsense", "overdue": "có lẽ", "hotspot": "abc", "year": "năm ngoái",
       "due_on_before": "31/02/2024"}
GOOD = {"received_after": "2024-01-01", "status": "received", "q": "đất đai"}


def _filtersets(user):
    request = RequestFactory().get("/")
    request.user = user
    for path in _page_lists():
        view = resolve(path).func.view_class
        if view.filterset_class is None:
            continue
        for values in (BAD, GOOD, {**GOOD, **BAD}):
            data = QueryDict(mutable=True)
            for name, value in values.items():
                if any(name == f or name.startswith(f"{f}_")
                       for f in view.filterset_class.base_filters):
                    data[name] = value
            if data:
                yield path, view.filterset_class(data, queryset=view.model.objects.none(),
                                                 request=request)


def _answers(user, fresh: bool = False) -> list:
    out = []
    for _round in range(2):  # the second round answers from what the first kept
        for language in ("vi", "en", "vi"):
            with translation.override(language):
                for path, filterset in _filtersets(user):
                    if fresh:
                        lists._errors.clear()
                    out.append((_round, language, path, lists.filter_errors(filterset)))
    return out


@pytest.mark.django_db
def test_kept_refusals_are_the_refusals(nghean):
    lists._errors.clear()
    kept = _answers(nghean)
    assert lists._errors  # some were kept
    assert kept == _answers(nghean, fresh=True)
    refused = [errors for *_rest, errors in kept if errors]
    assert len(refused) >= 10  # bad values were refused on many lists
    assert any("valid" in message for errors in refused for _label, message in errors)


@pytest.mark.django_db
def test_control_refusals_kept_without_the_language(nghean, monkeypatch):
    lists._errors.clear()
    monkeypatch.setattr(lists, "get_language", lambda: "vi")
    answers = _answers(nghean)
    english = [errors for _round, language, _path, errors in answers
               if language == "en" and errors]
    assert english and not any("valid" in message for errors in english
                               for _label, message in errors)
