"""A kept list plan answers what a list built from nothing answers (core/listplans.py).

Crawler: every scoped list of the API, as several readers, twice (the second answer comes from
the plan kept by the first), against the same list with plans off. Then the changes a plan
must notice — a record classified, a grant, a unit merged into the reader's, the reader moved
or given a role — each made after a plan was kept, and the next answer compared again.
Control: with the kept plans never checked again (`still_holds` always true), the merge goes
unnoticed and the comparison fails.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework import mixins

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.api_urls import router
from oversight.core import api as core_api
from oversight.core import calendar, keptrows, listplans
from oversight.core.models import AccessGrant
from oversight.units.models import Unit
from oversight.workcalendar.models import WorkingDay
from tests.petitions.conftest import make_petition  # noqa: F401 (fixture)

LISTS = sorted(f"/api/{prefix}/" for prefix, viewset, _name in router.registry
               if issubclass(viewset, core_api.ScopedViewSetMixin)
               and issubclass(viewset, mixins.ListModelMixin))
FILTERED = ["/api/petitions/?unit=nghe_an&received_after=2024-01-01",
            "/api/petitions/?ordering=next_due&page_size=2&page=2",
            "/api/matters/?stage=investigation", "/api/directions/?overdue=true",
            "/api/matters/?fields=id,title"]


@pytest.fixture
def hits(monkeypatch):
    """How many answers came from a kept plan."""
    count = {"n": 0}
    real = listplans.for_reader

    def counted(*args):
        count["n"] += 1
        return real(*args)

    monkeypatch.setattr(listplans, "for_reader", counted)
    return count


@pytest.fixture
def records(make_matter, make_direction, make_petition):  # noqa: F811
    """Records of two provinces, one of them confidential, and petitions of both."""
    mine = make_matter("nghe_an", title="Vụ việc Nghệ An")
    secret = make_matter("nghe_an", title="Vụ việc mật")
    make_direction(matter=mine, due_on=dt.date(2024, 4, 30))
    other = make_matter("ha_noi", title="Vụ việc Hà Nội")
    make_direction(matter=other, unit_code="ha_noi")
    for day in (1, 2, 3):
        make_petition(received_on=dt.date(2025, 3, day))
    make_petition("ha_noi")
    return {"mine": mine, "secret": secret, "other": other}


def reader(api, user):
    """A client whose every request reads the user anew, as token or session sign-in does
    (a user object kept across requests keeps what it cached of its scope)."""

    class Fresh:
        def get(self, path):
            return api(User.objects.get(pk=user.pk)).get(path)

    return Fresh()


def answers(client, path, settings):
    """(the answer with plans on, the answer built from nothing)."""
    settings.LIST_PLANS = True
    planned = client.get(path)
    settings.LIST_PLANS = False
    fresh = client.get(path)
    settings.LIST_PLANS = True
    assert fresh.status_code in (200, 404), (path, fresh.content[:300])  # 404: no such page
    return (planned.status_code, planned.json()), (fresh.status_code, fresh.json())


def test_every_scoped_list_is_planned():
    assert len(LISTS) >= 15  # it read the router, not an empty list
    for prefix, viewset, _name in router.registry:
        if f"/api/{prefix}/" in LISTS:
            assert viewset.list is core_api._planned_list, viewset


def test_a_viewsets_own_list_is_left_as_it_is():
    from rest_framework import viewsets

    from oversight.matters.api.views import MatterViewSet

    class Own(core_api.ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
        def list(self, request, *args, **kwargs):
            return None

    class Below(Own):
        pass

    class Derived(MatterViewSet):
        pass

    assert Own.list is not core_api._planned_list and Below.list is Own.list
    assert Derived.list is core_api._planned_list


@pytest.mark.django_db
def test_a_kept_plan_answers_as_a_fresh_build(records, nghean, hanoi, analyst, make_user, api,
                                              settings, hits):
    head = make_user("head", "nghe_an", roles=(Role.HEAD, Role.OFFICER))
    for user in (nghean, hanoi, analyst, head):
        client = reader(api, user)
        for path in LISTS + FILTERED:
            client.get(path)  # the plan is kept
            client.get(path)  # its count and page are compiled and kept
            planned, fresh = answers(client, path, settings)
            assert planned == fresh, (user.username, path)
    # the second answers came from the plans: at least the lists without prefetches (a
    # queryset with prefetches holds its reader in them and is not kept)
    assert hits["n"] >= 4 * (len(FILTERED) + 3)
    kept = [plan.statements for plan in listplans._plans().values()]
    assert sum(s.counted is not None for s in kept) >= 4 * (len(FILTERED) + 3)  # and their
    # statements (a page of no rows sends none: a reader with no overdue directions)
    assert sum(bool(s.pages) for s in kept) >= 3 * (len(FILTERED) + 3)


def _page_lists():
    """The web's list pages: every URL without arguments whose view is a ScopedListView."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    from oversight.core.views import ScopedListView

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    yield from walk(entry, f"{prefix}{entry.namespace}:" if entry.namespace
                                    else prefix)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
                view = getattr(entry.callback, "view_class", None)
                if view is not None and issubclass(view, ScopedListView):
                    yield reverse(prefix + entry.name)

    return sorted(set(walk(get_resolver())))


def page_answer(response):
    """What a list page shows of its rows: the ids on the page, the count, the form's errors,
    and the table's rows as rendered (the rest of the page's HTML differs per request by its
    nonces)."""
    context = response.context
    content = response.content.decode()
    rows = content.split("<tbody>", 1)[-1].split("</tbody>", 1)[0] if "<tbody>" in content \
        else None
    return (response.status_code, [row.pk for row in context["page_obj"].object_list],
            context["paginator"].count, dict(context["filter"].form.errors)
            if context.get("filter") is not None else None, rows)


@pytest.mark.django_db
def test_a_kept_plan_shows_the_page_a_fresh_build_shows(records, nghean, analyst, client,
                                                        settings, hits):
    pages = _page_lists()
    assert len(pages) >= 8  # it found the list pages
    settings.REQUIRE_2FA = False
    for user in (nghean, analyst):
        client.force_login(user)
        for path in pages + ["/petitions/?unit=nghe_an&status=nonsense", "/matters/?sort=-id"]:
            client.get(path)  # kept
            client.get(path)  # its statements compiled, its rows rendered and kept
            settings.LIST_PLANS = True
            planned = page_answer(client.get(path))
            settings.LIST_PLANS = False
            fresh = page_answer(client.get(path))
            settings.LIST_PLANS = True
            assert planned == fresh, (user.username, path)
    assert hits["n"] >= 2 * 3


def _classify(matter, level):
    type(matter).objects.filter(pk=matter.pk).update(security_classification=level)


def _grant(matter, user):
    AccessGrant.objects.create(content_type=ContentType.objects.get_for_model(type(matter)),
                               object_id=matter.pk, user=user)


CHANGES = {
    "classified secret": lambda r, u: _classify(r["mine"], "secret"),
    "granted": lambda r, u: (_classify(r["secret"], "secret"), _grant(r["secret"], u)),
    "merged into the reader's unit": lambda r, u: Unit.objects.get(code="ha_noi").successors.add(
        Unit.objects.get(code="nghe_an")),
    "moved to another unit": lambda r, u: (setattr(u, "unit", Unit.objects.get(code="ha_noi")),
                                           u.save()),
    "made head": lambda r, u: (_classify(r["secret"], "confidential"),
                               u.set_roles([Role.HEAD, Role.OFFICER])),
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_after_the_plan_is_seen(change, records, nghean, api, settings, hits):
    client = reader(api, nghean)
    paths = ["/api/matters/", "/api/directions/", "/api/petitions/?unit=nghe_an"]
    before = {path: answers(client, path, settings)[0] for path in paths}
    CHANGES[change](records, nghean)
    after = {path: answers(client, path, settings) for path in paths}
    for path, (planned, fresh) in after.items():
        assert planned == fresh, (change, path)
    assert any(before[path] != after[path][1] for path in paths), "the change changed nothing"


@pytest.mark.django_db
def test_control_a_plan_never_checked_again_misses_the_merge(records, nghean, api, settings,
                                                               monkeypatch):
    client = reader(api, nghean)
    path = "/api/matters/"
    answers(client, path, settings)
    monkeypatch.setattr(listplans, "still_holds", lambda *args: True)
    CHANGES["merged into the reader's unit"](records, nghean)
    planned, fresh = answers(client, path, settings)
    assert planned != fresh  # Hà Nội's matter is in the fresh answer only


@pytest.fixture
def sent(records):
    """A direction sent to the centre by Nghệ An about its secret matter (data from before the
    rule that a province addresses its own bodies): the central analyst is a party and sees
    the direction, not its matter (the flag on a page's parents, core.parties)."""
    from oversight.matters.models import Direction

    _classify(records["secret"], "secret")
    Direction.objects.create(unit=records["secret"].responsible_unit, matter=records["secret"],
                             addressee=Unit.objects.get(code="central"), text="Báo cáo",
                             issued_on=dt.date(2024, 4, 1), due_on=dt.date(2024, 6, 30))
    return records["secret"]


def _matters_shown(answer) -> set:
    return {row["matter"] for row in answer[1]["results"]}


@pytest.mark.django_db
def test_a_grant_of_a_pages_parent_after_the_plan_is_seen(sent, analyst, api, settings):
    client = reader(api, analyst)
    path = "/api/directions/"
    before = answers(client, path, settings)[0]
    assert sent.pk not in _matters_shown(before)
    _grant(sent, analyst)
    planned, fresh = answers(client, path, settings)
    assert planned == fresh
    assert sent.pk in _matters_shown(planned)


@pytest.mark.django_db
def test_control_flags_compiled_without_the_parents_restriction_show_the_matter(
        sent, analyst, api, settings, monkeypatch):
    from oversight.core import scoping
    from oversight.matters.models import Matter

    monkeypatch.setattr(scoping, "parents_statement", lambda model, user, path: (
        Matter.objects.values("pk").query.sql_with_params()))
    client = reader(api, analyst)
    path = "/api/directions/"
    answers(client, path, settings)
    planned, fresh = answers(client, path, settings)
    assert sent.pk in _matters_shown(planned) and sent.pk not in _matters_shown(fresh)


def _day_off_after_a_kept_plan(records, nghean, api, settings, make_direction):
    """A direction due on the last working day before today (overdue), a plan kept of the
    overdue directions, then that day announced as a day off (no longer overdue): (the
    answer before, the answers after)."""
    last = calendar.last_working_day_before(timezone.localdate())
    make_direction(matter=records["mine"], due_on=last)
    client = reader(api, nghean)
    path = "/api/directions/?overdue=true"
    before = answers(client, path, settings)[0]
    client.get(path)  # from the kept plan
    WorkingDay.objects.create(date=last, kind=calendar.DAY_OFF, basis="Công văn thử")
    return before, answers(client, path, settings)


@pytest.mark.django_db
def test_a_day_off_announced_after_the_plan_is_seen(records, nghean, api, settings,
                                                   make_direction, hits):
    """The plan's overdue cutoff came from the calendar the process keeps, which the build
    read nothing of (it was warm): the plan holds only while that calendar does (base.kept)."""
    before, (planned, fresh) = _day_off_after_a_kept_plan(records, nghean, api, settings,
                                                          make_direction)
    assert hits["n"] >= 1
    assert planned == fresh
    assert before != fresh, "the day off changed nothing"


@pytest.mark.django_db
def test_control_a_plan_blind_to_the_calendar_keeps_the_old_cutoff(
        records, nghean, api, settings, make_direction, monkeypatch):
    real = listplans.still_holds
    monkeypatch.setattr(listplans, "still_holds", lambda reads, uses=(): real(reads))
    before, (planned, fresh) = _day_off_after_a_kept_plan(records, nghean, api, settings,
                                                          make_direction)
    assert planned != fresh and planned == before


@pytest.mark.django_db
def test_a_process_caches_reads_are_not_sent_again(records, nghean, api, settings):
    """A plan built while the calendar and the content types were cold records none of their
    reads (`base.kept`): a kept plan does not send them again on every request."""
    calendar.invalidate()
    ContentType.objects.clear_cache()
    client = reader(api, nghean)
    with listplans.recording() as recorder:
        answers(client, "/api/directions/", settings)
    sent = " ".join(read.sql for read in recorder.reads)
    assert "django_content_type" not in sent and "workcalendar_workingday" not in sent
    plans = list(listplans._plans().values())
    assert plans and all("workcalendar_workingday" not in read.sql and
                         "django_content_type" not in read.sql
                         for plan in plans for read in plan.reads)
    assert any(plan.uses for plan in plans)  # what it used of the calendar instead


@pytest.mark.django_db
def test_reads_are_recorded_as_fetched_and_a_write_is_not_kept(nghean, api):
    """The recorder keeps what the build fetched, row for row; a statement that is not a
    read makes the build not kept."""
    from django.db import connection

    with listplans.recording() as reads, connection.cursor() as cursor:
        cursor.execute("SELECT code FROM units_unit WHERE code IN (%s, %s) ORDER BY code",
                       ["ha_noi", "nghe_an"])
        assert cursor.fetchone() == ("ha_noi",)
    assert reads.keepable
    assert [(r.rows, r.complete) for r in reads.reads] == [((("ha_noi",),), False)]
    assert listplans.still_holds(tuple(reads.reads))
    Unit.objects.filter(code="ha_noi").update(name_en="Hanoi, renamed")
    assert listplans.still_holds(tuple(reads.reads))  # not a column that was read
    Unit.objects.filter(code="ha_noi").update(code="ha_noi_x")
    assert not listplans.still_holds(tuple(reads.reads))

    with listplans.recording() as writes, connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("DELETE FROM django_session WHERE 1 = 0")
    assert not writes.keepable


def _pages_of_one_plan(client, settings):
    """Pages 1, 2, 3 of one list (one plan: the page number is not in its key), each asked
    twice so that the second answer is sent with the kept statements, against fresh builds."""
    out = []
    for page in (1, 2, 3, 1):
        path = f"/api/petitions/?page_size=1&page={page}"
        client.get(path)
        out.append(answers(client, path, settings))
    return out


@pytest.mark.django_db
def test_each_page_of_a_plan_is_its_own_statement(records, nghean, api, settings):
    pages = _pages_of_one_plan(reader(api, nghean), settings)
    assert len({str(fresh) for _planned, fresh in pages[:3]}) == 3  # three different pages
    for planned, fresh in pages:
        assert planned == fresh
    (plan,) = [p for p in listplans._plans().values()
               if p.queryset.model._meta.model_name == "petition"]
    assert len(plan.statements.pages) == 3


@pytest.mark.django_db
def test_control_statements_kept_without_their_slice_give_the_wrong_page(
        records, nghean, api, settings, monkeypatch):
    real = listplans.Statements.fetch

    def one_key(self, query, fetch):  # every page taken for the first one kept
        if self.pages:
            self.pages = {(query.low_mark, query.high_mark): next(iter(self.pages.values()))}
        return real(self, query, fetch)

    monkeypatch.setattr(listplans.Statements, "fetch", one_key)
    pages = _pages_of_one_plan(reader(api, nghean), settings)
    assert any(planned != fresh for planned, fresh in pages)


@pytest.mark.django_db
def test_the_key_holds_every_input_of_the_build(nghean, rf):
    """Two requests share a plan only if nothing the build reads, outside the database,
    differs: the URL's arguments, the parameters but the page, the reader's row and roles."""
    from oversight.matters.api.views import MatterViewSet

    def key(path="/api/matters/?stage=investigation", user=nghean, **url):
        request = rf.get(path)
        request.user = User.objects.get(pk=user.pk)
        view = MatterViewSet(action="list", kwargs=url, request=request)
        return listplans.plan_key(request, view)

    base = key()
    assert key("/api/matters/?stage=investigation&page=3") == base
    assert key("/api/matters/?stage=closed") != base
    assert key(format="json") != base
    User.objects.filter(pk=nghean.pk).update(unit=Unit.objects.get(code="ha_noi"))
    assert key() != base
    User.objects.filter(pk=nghean.pk).update(unit=Unit.objects.get(code="nghe_an"))
    assert key() == base
    nghean.set_roles([Role.HEAD])
    assert key() != base


# A page's rows as written, kept while the rows are the same ---------------------------------

@pytest.mark.django_db
def test_a_kept_plan_keeps_its_pages_written_rows(records, nghean, api, settings):
    client = reader(api, nghean)
    for path in ("/api/matters/", "/api/directions/", "/api/petitions/?unit=nghe_an"):
        for _ in range(3):
            client.get(path)
    kept = [plan.statements for plan in listplans._plans().values()]
    assert sum(bool(s.written) for s in kept) == 3


@pytest.mark.django_db
def test_a_row_changed_is_written_anew(records, nghean, api, settings):
    from oversight.matters.models import Matter

    client = reader(api, nghean)
    path = "/api/matters/"
    answers(client, path, settings)
    client.get(path)  # the rows as written are kept
    Matter.objects.filter(pk=records["mine"].pk).update(title="Vụ việc đổi tên")
    planned, fresh = answers(client, path, settings)
    assert planned == fresh
    assert "Vụ việc đổi tên" in {row["title"] for row in planned[1]["results"]}


@pytest.mark.django_db
def test_control_rows_written_kept_without_their_state_go_stale(records, nghean, api,
                                                                 settings, monkeypatch):
    from oversight.matters.models import Matter

    monkeypatch.setattr(keptrows, "_state_of", lambda row: "always the same")
    client = reader(api, nghean)
    path = "/api/matters/"
    answers(client, path, settings)
    client.get(path)
    Matter.objects.filter(pk=records["mine"].pk).update(title="Vụ việc đổi tên")
    planned, fresh = answers(client, path, settings)
    assert planned != fresh


class _Page:
    """A queryset from a kept plan, as `written` sees one."""

    def __init__(self):
        self._statements = listplans.Statements()


@pytest.mark.django_db
def test_rows_written_for_a_request_without_the_key_are_not_handed_to_one_with_it(
        records, rf):
    from oversight.identity import session as identity_session

    assert identity_session.may_hold_key in keptrows._WRITTEN_DEPENDS
    page, rows = _Page(), [records["mine"]]
    without = rf.get("/api/petitions/")
    without.session = {}
    assert keptrows.written(without, page, rows, lambda: ["hidden"]) == ["hidden"]
    assert keptrows.written(without, page, rows, lambda: ["written again"]) == ["hidden"]  # kept
    with_key = rf.get("/api/petitions/")
    with_key.session = {identity_session.SESSION_KEY: "sealed"}
    with_key.COOKIES[identity_session.COOKIE] = "secret"
    assert keptrows.written(with_key, page, rows, lambda: ["in clear"]) == ["in clear"]


@pytest.mark.django_db
def test_control_without_the_key_registered_the_hidden_rows_are_handed_on(
        records, rf, monkeypatch):
    from oversight.identity import session as identity_session

    monkeypatch.setattr(keptrows, "_WRITTEN_DEPENDS", [])
    page, rows = _Page(), [records["mine"]]
    without = rf.get("/api/petitions/")
    without.session = {}
    keptrows.written(without, page, rows, lambda: ["hidden"])
    with_key = rf.get("/api/petitions/")
    with_key.session = {identity_session.SESSION_KEY: "sealed"}
    with_key.COOKIES[identity_session.COOKIE] = "secret"
    assert keptrows.written(with_key, page, rows, lambda: ["in clear"]) == ["hidden"]


@pytest.mark.django_db
def test_rows_whose_writing_reads_the_database_or_writes_are_not_kept(records, rf):
    from oversight.matters.models import Matter

    request, rows = rf.get("/api/matters/"), [records["mine"]]
    for write in (lambda: [Matter.objects.count()],
                  lambda: [Matter.objects.filter(pk=0).update(title="x")]):
        page = _Page()
        keptrows.written(request, page, rows, write)
        assert page._statements.written == []
    page = _Page()
    keptrows.written(request, page, rows, lambda: ["plain"])
    assert len(page._statements.written) == 1


@pytest.mark.django_db
def test_a_kept_plan_keeps_its_pages_rendered_rows(records, nghean, client, settings):
    settings.REQUIRE_2FA = False
    client.force_login(nghean)
    for path in ("/matters/", "/directions/", "/petitions/?unit=nghe_an"):
        for _ in range(3):
            client.get(path)
    kept = [plan.statements for plan in listplans._plans().values()]
    assert sum(bool(s.rendered) for s in kept) == 3


def _retitled_page(records, nghean, client, settings):
    from oversight.matters.models import Matter

    settings.REQUIRE_2FA = False
    client.force_login(nghean)
    path = "/matters/"
    client.get(path)
    client.get(path)  # the rows as rendered are kept
    Matter.objects.filter(pk=records["mine"].pk).update(title="Vụ việc đổi tên")
    settings.LIST_PLANS = True
    planned = page_answer(client.get(path))
    settings.LIST_PLANS = False
    fresh = page_answer(client.get(path))
    settings.LIST_PLANS = True
    return planned, fresh


@pytest.mark.django_db
def test_a_row_changed_is_rendered_anew(records, nghean, client, settings):
    planned, fresh = _retitled_page(records, nghean, client, settings)
    assert planned == fresh
    assert "Vụ việc đổi tên" in planned[-1]


@pytest.mark.django_db
def test_control_rows_rendered_kept_without_their_state_go_stale(records, nghean, client,
                                                                 settings, monkeypatch):
    monkeypatch.setattr(keptrows, "_state_of", lambda row: "always the same")
    planned, fresh = _retitled_page(records, nghean, client, settings)
    assert planned != fresh


@pytest.mark.django_db
def test_a_value_the_rows_read_from_the_page_is_part_of_their_state(records, nghean, client,
                                                                     settings, monkeypatch):
    """The directions' rows read `has_assignee` from the page: rows rendered with the column
    are not handed to a page without it. Control: without the page's values compared, they
    are."""
    from oversight.matters.views import DirectionListView

    settings.REQUIRE_2FA = False
    client.force_login(nghean)
    path = "/directions/"
    real = DirectionListView.get_context_data
    column = {"shown": True}

    def with_column(self, **kwargs):
        context = real(self, **kwargs)
        context["has_assignee"] = column["shown"]
        return context

    monkeypatch.setattr(DirectionListView, "get_context_data", with_column)

    def cells():
        return page_answer(client.get(path))[-1].count("<td")

    client.get(path)
    shown = cells()  # from the plan: kept with the column
    column["shown"] = False
    assert cells() < shown
    monkeypatch.setattr(keptrows, "_context_values", lambda context, names: ())
    column["shown"] = True
    cells()
    column["shown"] = False
    assert cells() == shown  # the control: the rows with the column, on a page without it
