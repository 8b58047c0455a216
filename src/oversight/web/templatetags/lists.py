"""The filter bar of every list, built from the list's FilterSet: one control per filter, of the
kind the filter needs — a searchable unit picker for a unit, a select of people by full name for
an assignee, a select for choices, yes/no, two dates for a range. Every option a control offers
is a value the filter accepts (tests/web/test_list_filters.py submits them all)."""

from __future__ import annotations

import django_filters
from django import template
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from oversight.base.reversed import reversed_name
from oversight.base.timed import Timed
from oversight.core import keptrows
from oversight.core.calendar import working_days_between
from oversight.core.filters import AssigneeFilter
from oversight.core.listplans import recording
from oversight.core.pickers import assignee_options, assignees_for
from oversight.core.pickers import kept as officers_kept
from oversight.core.scoping import VIEW, unit_ids_in_scope
from oversight.core.views import NOT_REMEMBERED, unit_filter_options
from oversight.units.filtersets import LineageFilter
from oversight.units.pickers import OPTIONS_SECONDS
from oversight.units.pickers import kept as unit_options_kept
from oversight.web.querystrings import querystring
from oversight.web.templatetags.frame import csrf_input

register = template.Library()

# Filters reached through a link from another page (a hot spot's petitions), not offered in
# the bar: shown only while set, so that "Clear filters" can be seen to drop them.
LINKED = (django_filters.NumberFilter,)


def _unit_options(user, filt) -> list:
    return unit_filter_options(user, every=filt.offers == "agencies")


def _choices(filt) -> list[tuple[str, str]]:
    choices = filt.extra.get("choices") or []
    if callable(choices):
        choices = choices()
    return [(str(v), str(label)) for v, label in choices if str(v) != ""]


@register.simple_tag(takes_context=True)
def list_filters(context, filterset) -> list[dict]:
    """One dict per control: name, label, kind, value(s), options or groups."""
    if filterset is None:
        return []
    request = context["request"]
    params = request.GET
    out = []
    # the search box first: it is what a user reaches for
    ordered = sorted(filterset.filters.items(), key=lambda item: item[0] != "q")
    for name, filt in ordered:
        label = str(filt.label or name)
        if name == "q":
            out.append({"name": name, "label": label, "kind": "search",
                        "value": params.get(name, "")})
        elif isinstance(filt, LineageFilter):
            out.append({"name": name, "label": label, "kind": "unit",
                        "value": params.get(name, ""),
                        "groups": _unit_options(request.user, filt)})
        elif isinstance(filt, AssigneeFilter):
            out.append({"name": name, "label": label, "kind": "select",
                        "value": params.get(name, ""), "picker": True,
                        "options": assignee_options(request.user)})
        elif isinstance(filt, django_filters.DateFromToRangeFilter):
            out.append({"name": name, "label": label, "kind": "daterange",
                        "after": params.get(f"{name}_after", ""),
                        "before": params.get(f"{name}_before", "")})
        elif isinstance(filt, django_filters.DateFilter):
            out.append({"name": name, "label": label, "kind": "date",
                        "value": params.get(name, "")})
        elif isinstance(filt, django_filters.BooleanFilter):
            out.append({"name": name, "label": label, "kind": "select",
                        "value": params.get(name, ""),
                        "options": [("true", _("Yes")), ("false", _("No"))]})
        elif isinstance(filt, django_filters.MultipleChoiceFilter | django_filters.ChoiceFilter):
            out.append({"name": name, "label": label, "kind": "select",
                        "value": params.get(name, ""), "options": _choices(filt)})
        elif isinstance(filt, LINKED):
            if params.get(name):
                out.append({"name": name, "label": label, "kind": "hidden",
                            "value": params.get(name)})
        else:
            out.append({"name": name, "label": label, "kind": "text",
                        "value": params.get(name, "")})
    return out


def _control(c: dict) -> str:
    """One control of the filter bar (web/_list_filters.html holds the form around them)."""
    kind, name, label = c["kind"], c["name"], c["label"]
    if kind == "search":
        return format_html(
            '<div class="filter-search"><label class="form-label" for="id_q">{}</label>'
            '<input type="search" class="form-control form-control-sm" id="id_q" name="q" '
            'value="{}" placeholder="{}" data-list-search></div>',
            label, c["value"], _("Words, names, numbers (accents optional)"))
    if kind == "unit":
        groups = mark_safe("".join(
            format_html('<optgroup label="{}">{}</optgroup>', title,
                        select_options(options, c["value"]))
            if title else select_options(options, c["value"])
            for title, options in c["groups"]))
        return format_html(
            '<div class="filter-unit"><label class="form-label" for="id_{}">{}</label>'
            '<select class="form-select form-select-sm" id="id_{}" name="{}" data-picker="unit" '
            'data-placeholder="{}"><option value="">{}</option>{}</select></div>',
            name, label, name, name, _("All"), _("All"), groups)
    if kind == "select":
        picker = (format_html(' data-picker="person" data-placeholder="{}"', _("All"))
                  if c.get("picker") else "")
        return format_html(
            '<div class="filter-select"><label class="form-label" for="id_{}">{}</label>'
            '<select class="form-select form-select-sm" id="id_{}" name="{}"{}>'
            '<option value="">{}</option>{}</select></div>',
            name, label, name, name, picker, _("All"),
            select_options(c["options"], c["value"]))
    if kind == "daterange":
        return format_html(
            '<div class="filter-date"><label class="form-label text-truncate d-block" '
            'for="id_{}_after" title="{}: {}">{}</label><input type="date" '
            'class="form-control form-control-sm" id="id_{}_after" name="{}_after" value="{}">'
            '</div>\n      <div class="filter-date"><label class="form-label text-truncate '
            'd-block" for="id_{}_before" title="{}: {}">{}</label><input type="date" '
            'class="form-control form-control-sm" id="id_{}_before" name="{}_before" '
            'value="{}"></div>',
            name, label, _("from"), label, name, name, c["after"],
            name, label, _("to"), _("to"), name, name, c["before"])
    if kind == "date":
        return format_html(
            '<div class="filter-date"><label class="form-label text-truncate d-block" '
            'for="id_{}" title="{}">{}</label><input type="date" class="form-control '
            'form-control-sm" id="id_{}" name="{}" value="{}"></div>',
            name, label, label, name, name, c["value"])
    if kind == "hidden":
        return format_html('<input type="hidden" name="{}" value="{}">', name, c["value"])
    return format_html(
        '<div class="filter-select"><label class="form-label" for="id_{}">{}</label>'
        '<input class="form-control form-control-sm" id="id_{}" name="{}" value="{}"></div>',
        name, label, name, name, c["value"])


# The filter bars written, by what they are written from: the FilterSet's class (its filters,
# labels and fixed choices), the language, the day (units that ended are grouped apart), the
# values of the request's filters and the reader's scope (the units and officers offered, which
# the pickers keep under it). Kept as the pickers are — a minute, forgotten with them
# (`Timed.follow`): a unit or user changed shows at once in this process, within two minutes in
# others. Writing the bar was a twentieth of a list page (issue 17).
_bars = Timed(OPTIONS_SECONDS, most=512)
_bars.follow(unit_options_kept, officers_kept)
# What says how to show a list (core.views.NOT_REMEMBERED), its page size and sort: not in the bar.
NOT_SHOWN = frozenset({*NOT_REMEMBERED, "page_size", "sort"})


def _bar_key(context, filterset) -> tuple | None:
    request = context.get("request")
    if request is None or any(callable(getattr(f, "extra", {}).get("choices"))
                              for f in filterset.filters.values()):
        return None
    params = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()
                          if name not in NOT_SHOWN))
    return (type(filterset), get_language(), timezone.localdate(), params,
            unit_ids_in_scope(request.user, VIEW))


@register.simple_tag(takes_context=True)
def filter_controls(context, filterset) -> str:
    """The filter bar's controls (`list_filters`), written: one call where a loop of template
    nodes per control was a tenth of a list page's frame (issue 17); kept (`_bars`)."""
    def write():
        return mark_safe("\n  ".join(_control(c) for c in list_filters(context, filterset)))

    key = _bar_key(context, filterset) if filterset is not None else None
    return write() if key is None else _bars.get(key, write)


_SELECTED = mark_safe(" selected")
# The `<option>`s written, by the options and the value chosen: a filter bar offers the same
# units and officers on every page of a reader's lists (issue 17). Keyed by the options' own
# values and the language (what is written is a function of them); at most
# `_MAX_KEPT_OPTIONS`, dropped all at once when full.
_written_options: dict[tuple, str] = {}
_MAX_KEPT_OPTIONS = 512


@register.simple_tag
def select_options(options, chosen) -> str:
    """The `<option>`s of a filter's select, `chosen` selected: one join where a loop of
    template nodes per option took a tenth of a list page (a unit picker offers every
    province, an assignee picker every officer in scope; issue 17), written once per set of
    options and choice."""
    key = (tuple(options), chosen, get_language())  # a lazy label reads in the language
    written = _written_options.get(key)
    if written is None:
        written = format_html_join("", '<option value="{}"{}>{}</option>',
                                   ((value, _SELECTED if value == chosen else "", text)
                                    for value, text in options))
        if len(_written_options) >= _MAX_KEPT_OPTIONS:
            _written_options.clear()
        _written_options[key] = written
    return written


class KeptRowsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return keptrows.rendered(context, lambda: self.nodelist.render(context))


@register.tag
def kept_rows(parser, token):
    """`{% kept_rows %}…{% endkept_rows %}` around a list page's rows: rendered once and kept
    while the page's rows, and what the rows read of the page, are the same
    (`core.keptrows.rendered`)."""
    nodelist = parser.parse(("endkept_rows",))
    parser.delete_first_token()
    return KeptRowsNode(nodelist)


_ANY_ID = 918273645546372819  # stands for a row's id in a reversed URL; no row has it


@register.simple_tag(takes_context=True)
def row_url(context, name: str, pk):
    """`{% url name pk %}` for a row of a list: the URL is reversed once per page (and per
    name), each row's is its id put in its place — 100 reversals were a tenth of a list page
    (issue 17). Anything but a whole-number id is reversed as `{% url %}` would."""
    if type(pk) is not int or pk < 0:
        return reverse(name, args=[pk])
    kept = context.render_context.get("row_url")
    if kept is None:
        kept = context.render_context["row_url"] = {}
    parts = kept.get(name)
    if parts is None:
        parts = kept[name] = reverse(name, args=[_ANY_ID]).split(str(_ANY_ID))
    if len(parts) != 2:  # the id twice in the path, or not at all: no shortcut
        return reverse(name, args=[pk])
    return f"{parts[0]}{pk}{parts[1]}"


_CARETS = {"up": mark_safe(' <i class="bi bi-caret-up-fill"></i>'),
           "down": mark_safe(' <i class="bi bi-caret-down-fill"></i>'), None: ""}


@register.simple_tag(takes_context=True)
def sort_link(context, field: str, label) -> str:
    """A sortable column's heading: a link that sorts by `field` (ascending, or descending
    when it already sorts ascending), back to the first page, with a caret on the column
    sorted by. One tag where an include per column was a twentieth of a list page (issue
    17)."""
    sort = context.get("sort")
    if sort == field:
        target, caret = f"-{field}", "up"
    elif sort == f"-{field}":
        target, caret = field, "down"
    else:
        target, caret = field, None
    return format_html('<a href="{}">{}{}</a>', querystring(context, sort=target, page=None),
                       label, _CARETS[caret])


@register.filter
def person(user) -> str:
    """A user by full name (display name, or first and last name), never by username alone."""
    if user is None:
        return ""
    return str(user)


@register.simple_tag
def today():
    return timezone.localdate()


@register.simple_tag
def days_left(due, done: bool = False):
    """Working days from today to `due` on the official calendar (`core.calendar`): positive
    ahead, 0 on the day, negative when overdue; None when there is no deadline (or the task is
    done)."""
    if due is None or done:
        return None

    return working_days_between(timezone.localdate(), due)


@register.simple_tag
def check_cell(pk):
    """The checkbox cell that starts each row of a list: what web/_check_cell.html renders,
    without an include per row (50 includes were a third of a list page's time, issue 17)."""
    return format_html('<td class="check-col"><input class="form-check-input row-check" '
                       'type="checkbox" name="selected" value="{}" aria-label="{}"></td>\n',
                       pk, _("Select row %(pk)s") % {"pk": pk})


@register.simple_tag
def days_left_badge(due, done: bool = False):
    """What web/_days_left.html renders (working days left or overdue), without an include
    per row."""
    n = days_left(due, done)
    if n is None:
        return mark_safe('<span class="text-muted">—</span>\n')
    if n < 0:
        text = ngettext("%(n)s day overdue", "%(n)s days overdue", -n) % {"n": -n}
        return format_html('<span class="days-left badge text-bg-danger" title="{}">{}</span>\n',
                           _("Working days overdue"), text)
    if n == 0:
        return format_html('<span class="days-left badge text-bg-warning">{}</span>\n',
                           _("due today"))
    text = ngettext("%(n)s day left", "%(n)s days left", n) % {"n": n}
    return format_html('<span class="days-left {}" title="{}">{}</span>\n',
                       "badge text-bg-warning" if n <= 3 else "text-body",
                       _("Working days left"), text)


@register.filter
def absolute(value):
    return abs(value) if isinstance(value, int) else value


@register.simple_tag
def filter_errors(filterset) -> list[tuple[str, str]]:
    """(label, message) of each filter a hand-made address gave a value it refuses."""
    if filterset is None or not filterset.is_bound:
        return []
    names = filterset.filters
    if not any(key == name or key.startswith(f"{name}_") for key in filterset.data
               for name in names):
        return []  # no filter was given a value (only the page, its size, the sort…)
    data = filterset.data
    key = (type(filterset), get_language(), tuple(sorted(
        (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else (data[name],))
        for name in data)))
    kept = _errors.get(key)
    if kept is not None:
        return kept
    form = filterset.form
    with recording() as recorder:
        errors = [(str(form.fields[name].label) if name in form.fields else name,
                   " ".join(errs)) for name, errs in form.errors.items()]
    if recorder.keepable and not recorder.reads and not recorder.uses:
        if len(_errors) >= _MAX_KEPT_ERRORS:
            _errors.clear()
        _errors[key] = errors
    return errors


# What a list's filters refuse, by the FilterSet's class, the language and the values given:
# validating the filter form was a thirtieth of a filtered list page (issue 17). Kept only
# when the validation read nothing (no statement, no process cache): a refusal then depends on
# the values alone. At most `_MAX_KEPT_ERRORS`, dropped all at once when full.
_errors: dict[tuple, list] = {}
_MAX_KEPT_ERRORS = 512


@register.inclusion_tag("web/_assign_card.html", takes_context=True)
def assign_card(context, kind, record, unit_id):
    """The Assign card of a matter's or direction's page: its assignee by full name and the
    officers it may be given to (core.pickers.assignees_for)."""
    return {"kind": kind, "record": record, "people": assignees_for(unit_id),
            "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def pagination(context) -> str:
    """Under a list: which rows of how many, and links to the first, previous, next and last
    pages. One tag where the include (web/_pagination.html until issue 17) was a twentieth of
    a list page's frame; tests/web/test_pagination.py compares it with that template."""
    page = context.get("page_obj")
    if not page:
        return "\n"
    paginator = context["paginator"]

    def shown(value) -> str:
        return render_value_in_context(value, context)

    counted = format_html('<div class="text-muted">{}</div>', mark_safe(  # values escaped
        _("%(start)s–%(end)s of %(total)s") % {"start": shown(page.start_index()),
                                               "end": shown(page.end_index()),
                                               "total": shown(paginator.count)}))
    pages = ""
    if page.has_other_pages():
        def link(number, text) -> str:
            return format_html('<li class="page-item"><a class="page-link" href="{}">{}</a></li>',
                               querystring(context, page=number), text)

        before = (link(1, "«") + link(page.previous_page_number(), "‹")
                  if page.has_previous() else "")
        after = (link(page.next_page_number(), "›") + link(paginator.num_pages, "»")
                 if page.has_next() else "")
        pages = format_html(
            '\n  <nav aria-label="{}"><ul class="pagination pagination-sm mb-0">\n    {}\n    '
            '<li class="page-item active"><span class="page-link">{} / {}</span></li>\n    {}\n'
            '  </ul></nav>', _("Pages"), mark_safe(before), shown(page.number),
            shown(paginator.num_pages), mark_safe(after))
    return format_html('\n<div class="d-flex justify-content-between align-items-center mt-2 '
                       'small">\n  {}\n  {}\n</div>\n\n', counted, pages)


@register.simple_tag(takes_context=True)
def list_tools(context) -> str:
    """Above a list that remembers its filters: the reader's saved filters (each a link and a
    delete button), the form that saves the filters in force, and the export links. One tag
    where the include (web/_list_tools.html until issue 17) was a thirtieth of a list page;
    tests/web/test_list_tools.py compares it with that template."""
    view = context.get("list_view")
    if not getattr(view, "list_name", ""):
        return "\n"
    request, csrf = context["request"], csrf_input(context)
    saved = ""
    if context.get("saved_filters"):
        saved = format_html(
            '<span class="text-muted">{}</span>\n  {}', _("Saved filters:"), format_html_join(
                "", '<span class="saved-filter btn-group btn-group-sm"><a class="btn '
                'btn-outline-primary btn-sm py-0" href="{}?{}">{}</a><form method="post" '
                'action="{}" class="d-inline">{}<button class="btn btn-outline-primary btn-sm '
                'py-0" type="submit" title="{}" aria-label="{}"><i class="bi bi-x"></i>'
                '</button></form></span>',
                ((request.path, s.query, s.name, reverse("saved-filter-delete", args=[s.pk]),
                  csrf, _("Delete"), mark_safe(_("Delete the saved filter %(name)s") % {
                      "name": conditional_escape(s.name)}))
                 for s in context["saved_filters"])))
    export = ""
    if context.get("can_export"):
        export = format_html(
            '<div class="btn-group btn-group-sm" role="group" aria-label="{}">\n    <a '
            'class="btn btn-outline-success text-nowrap" href="{}" data-export="csv"><i '
            'class="bi bi-filetype-csv"></i> CSV</a>\n    <a class="btn btn-outline-success '
            'text-nowrap" href="{}" data-export="xlsx"><i class="bi bi-file-earmark-excel"></i> '
            'XLSX</a>\n  </div>', _("Export"), querystring(context, export="csv", page=None),
            querystring(context, export="xlsx", page=None))
    return format_html(
        '<div class="list-tools d-flex flex-wrap gap-2 align-items-center mb-2 small">\n  {}\n'
        '  <form method="post" action="{}" class="d-flex gap-1 align-items-center ms-auto" '
        'id="save-filter">{}\n    <input type="hidden" name="list_name" value="{}"><input '
        'type="hidden" name="query" value="{}"><input type="hidden" name="next" value="{}">\n'
        '    <label class="visually-hidden" for="id_saved_name">{}</label>\n    <input '
        'class="form-control form-control-sm" id="id_saved_name" name="name" maxlength="100" '
        'required placeholder="{}" style="width:13rem">\n    <button class="btn btn-sm '
        'btn-outline-primary text-nowrap" type="submit"><i class="bi bi-bookmark-plus"></i> {}'
        '</button>\n  </form>\n  {}\n</div>\n', saved, reversed_name("saved-filter-create"), csrf,
        view.list_name, request.GET.urlencode(), request.get_full_path(),
        _("Name of the saved filter"), _("Name these filters"), _("Save filters"), export)

