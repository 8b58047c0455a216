"""`web.querystrings.querystring` writes what Django's `{% querystring %}` writes, for any
query and any changes, first and later calls on one request alike (its encoded pairs are kept
on the request)."""

from urllib.parse import urlencode

from django.template import RequestContext
from django.template.defaulttags import querystring as django_querystring
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.web.querystrings import querystring

# Keys and values with what a query string must escape: spaces, &, =, +, %, #, Vietnamese.
_text = st.one_of(st.text(alphabet=st.sampled_from(list("ab_01 &=+%#?/đĐệư")), max_size=8),
                  st.just("Nghệ An"))
_keys = st.one_of(st.sampled_from(["page", "sort", "export", "unit", "q", "status"]), _text)
_pairs = st.lists(st.tuples(_keys, _text), max_size=8)
_changes = st.lists(st.dictionaries(_keys, st.one_of(st.none(), st.integers(-3, 300), _text),
                                    max_size=3), min_size=1, max_size=4)


def _context(pairs):
    request = RequestFactory().get("/petitions/?" + urlencode(pairs) if pairs else "/petitions/")
    return RequestContext(request)


@settings(max_examples=300, deadline=None)
@given(pairs=_pairs, changes=_changes)
def test_the_same_as_djangos_tag(pairs, changes):
    context = _context(pairs)
    for change in changes:  # several links of one page: the kept pairs must not leak
        assert querystring(context, **change) == django_querystring(context, **change)
    assert querystring(context) == django_querystring(context)


def test_the_comparison_can_fail():
    """Control: pairs kept on the request and changed in place (a link's change left in the
    pairs the next link starts from) give another answer than Django's for the next link."""
    context = _context([("sort", "subject"), ("page", "2")])
    assert querystring(context, page=None) == django_querystring(context, page=None) == \
        "?sort=subject"
    from oversight.web import querystrings

    kept = context.request.__dict__[querystrings._KEPT]
    kept.pop("sort")  # what a change made in place would leave
    assert querystring(context, page=3) != django_querystring(context, page=3)
