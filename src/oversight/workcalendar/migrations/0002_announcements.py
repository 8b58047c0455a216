"""The government's announced exceptions to the ordinary calendar, 2010–2027.

The ordinary calendar (`oversight.core.calendar`) is weekends plus the Labour Code 2019's public
holidays as the `holidays` package (0.109) computes them. What the package does NOT apply by
itself, and public servants work by, is loaded here. Each row says its source and how sure
we are; there was no internet access when this was written, so numbers of documents come from
the `holidays` package's own references (its `VietnamStaticHolidays` docstring cites the
dispatches below) or from the issue that asked for this table (issue 14).

Checked against what we know of each year's announcements:

2024
- 1 January (Monday): one day, no swap. Package: yes.
- Lunar New Year: public servants off Thursday 8 – Wednesday 14 February (7 days).
  Package: 8–14 February, all days off. No row needed.
- Hùng Kings 18 April (Thursday). Package: yes.
- 30/4–1/5: five days off, Saturday 27 April – Wednesday 1 May, Monday 29 April off in
  exchange for Saturday 4 May worked — Official Dispatch 2450/VPCP-KGVX (2024), cited by the
  package. Package: 29/4 a holiday, 4/5 in `weekend_workdays` (which the engine used to
  ignore). Rows below. Sure: high (date pair), medium (number).
- 2 September (Monday) and 3 September: package yes; no swap.

2025
- 1 January (Wednesday): one day. Package: yes.
- Lunar New Year: nine days, Saturday 25 January – Sunday 2 February; the weekdays 27–31
  January are public holidays in the package. No row needed.
- Hùng Kings 7 April (Monday). Package: yes.
- 30/4–1/5: five days, Wednesday 30 April – Sunday 4 May, Friday 2 May off in exchange for
  Saturday 26 April worked — Announcement 6150/TB-BLĐTBXH (November 2024) on Tết and 30/4
  for officials and public employees, cited by the package. Rows below. Sure: high (dates,
  which issue 14 also states), medium (number).
- 2 September (Tuesday) and 1 September: package yes; no swap.

2026
- 1 January (Thursday) and Friday 2 January off, Saturday 10 January worked —
  12729/VPCP-KGVX (as issue 14 and PRODUCT.md state). Not in the package. Rows below.
- Lunar New Year (Tuesday 17 February): nine days, Saturday 14 – Sunday 22 February; the
  weekdays 16–20 are public holidays in the package, so no swap and no row.
- Hùng Kings 26 April is a Sunday: Monday 27 April off (package: observed). No row.
- 30 April – 1 May are Thursday–Friday: no swap announced that we know of.
- 2 September (Wednesday) with 1 September: Monday 31 August off in exchange for Saturday
  22 August worked. Source: the package only (it cites a legal Q&A page, not the document);
  the announcing document's number is not known to us. Sure: medium.
- 24 November, "Vietnam Culture Day": the package (0.109) makes it a paid holiday from 2026,
  citing Politburo Resolution 80-NQ/TW (a Party resolution choosing 24/11 as Vietnam Culture
  Day with a paid day off). We know of no amendment of the Labour Code's art. 112 or any
  Government act that makes it a day off for public servants yet. Issue 14 asks for it only
  once it is law, so 24/11/2026 and 24/11/2027 are loaded as WORKING days here, undoing the
  package's holiday; an administrator deletes these rows when the law is known (the deadlines
  are then recomputed). Sure: low either way — check this first.

Older years: every Saturday the package lists in `weekend_workdays` and its paired day off
(2010–2019), so that imported historical petitions count as public servants worked then; the
2018–2019 New Year swap is Official Dispatch 6519/VPCP-KGVX (2018), cited by the package; for
the others the package is the only source we have.
"""

import datetime as dt

from django.db import migrations

PKG = "gói holidays 0.109 (holidays package)"
D2450 = "Công văn 2450/VPCP-KGVX (2024)"
T6150 = "Thông báo 6150/TB-BLĐTBXH (2024)"
D12729 = "Công văn 12729/VPCP-KGVX (2025)"
D6519 = "Công văn 6519/VPCP-KGVX (2018)"
CULTURE = ("Ngày Văn hóa Việt Nam 24/11 chưa là ngày nghỉ theo luật "
           "(Vietnam Culture Day not yet a legal day off)")
CULTURE_NOTE = (
    "The holidays package makes 24/11 a paid holiday from 2026, citing Resolution 80-NQ/TW "
    "(Politburo). We know of no change to art. 112 of the Labour Code 2019 or Government act "
    "making it a day off for public servants. This row keeps the day worked; delete it once "
    "the law is known."
)

# date, kind, basis, note
ROWS = [
    (dt.date(2010, 2, 19), "day_off", PKG, "Tết 2010: swapped with Saturday 27/2/2010."),
    (dt.date(2010, 2, 27), "working_day", PKG, "Tết 2010: worked for Friday 19/2/2010."),
    (dt.date(2012, 1, 27), "day_off", PKG, "Tết 2012: swapped with Saturday 4/2/2012."),
    (dt.date(2012, 2, 4), "working_day", PKG, "Tết 2012: worked for Friday 27/1/2012."),
    (dt.date(2013, 4, 29), "day_off", PKG, "30/4 2013: swapped with Saturday 4/5/2013."),
    (dt.date(2013, 5, 4), "working_day", PKG, "30/4 2013: worked for Monday 29/4/2013."),
    (dt.date(2014, 4, 26), "working_day", PKG, "30/4 2014: worked for Friday 2/5/2014."),
    (dt.date(2014, 5, 2), "day_off", PKG, "30/4 2014: swapped with Saturday 26/4/2014."),
    (dt.date(2014, 9, 1), "day_off", PKG, "2/9 2014: swapped with Saturday 6/9/2014."),
    (dt.date(2014, 9, 6), "working_day", PKG, "2/9 2014: worked for Monday 1/9/2014."),
    (dt.date(2014, 12, 27), "working_day", PKG, "New Year 2015: worked for Friday 2/1/2015."),
    (dt.date(2015, 1, 2), "day_off", PKG, "New Year 2015: swapped with Saturday 27/12/2014."),
    (dt.date(2015, 2, 14), "working_day", PKG, "Tết 2015: worked for Monday 16/2/2015."),
    (dt.date(2015, 2, 16), "day_off", PKG, "Tết 2015: swapped with Saturday 14/2/2015."),
    (dt.date(2015, 4, 25), "working_day", PKG, "30/4 2015: worked for Wednesday 29/4/2015."),
    (dt.date(2015, 4, 29), "day_off", PKG, "30/4 2015: swapped with Saturday 25/4/2015."),
    (dt.date(2018, 12, 31), "day_off", D6519, "New Year 2019: swapped with Saturday 5/1/2019."),
    (dt.date(2019, 1, 5), "working_day", D6519, "New Year 2019: worked for Monday 31/12/2018."),
    (dt.date(2019, 4, 29), "day_off", PKG, "30/4 2019: swapped with Saturday 4/5/2019."),
    (dt.date(2019, 5, 4), "working_day", PKG, "30/4 2019: worked for Monday 29/4/2019."),
    (dt.date(2024, 4, 29), "day_off", D2450, "30/4–1/5 2024: swapped with Saturday 4/5/2024."),
    (dt.date(2024, 5, 4), "working_day", D2450, "30/4–1/5 2024: worked for Monday 29/4/2024."),
    (dt.date(2025, 4, 26), "working_day", T6150, "30/4–1/5 2025: worked for Friday 2/5/2025."),
    (dt.date(2025, 5, 2), "day_off", T6150, "30/4–1/5 2025: swapped with Saturday 26/4/2025."),
    (dt.date(2026, 1, 2), "day_off", D12729, "New Year 2026: swapped with Saturday 10/1/2026."),
    (dt.date(2026, 1, 10), "working_day", D12729, "New Year 2026: worked for Friday 2/1/2026."),
    (dt.date(2026, 8, 22), "working_day", PKG,
     "2/9 2026: worked for Monday 31/8/2026 (document number not verified)."),
    (dt.date(2026, 8, 31), "day_off", PKG,
     "2/9 2026: swapped with Saturday 22/8/2026 (document number not verified)."),
    (dt.date(2026, 11, 24), "working_day", CULTURE, CULTURE_NOTE),
    (dt.date(2027, 11, 24), "working_day", CULTURE, CULTURE_NOTE),
]


def load(apps, schema_editor):
    WorkingDay = apps.get_model("workcalendar", "WorkingDay")
    for date, kind, basis, note in ROWS:
        WorkingDay.objects.update_or_create(date=date, defaults=dict(kind=kind, basis=basis,
                                                                     note=note))


def unload(apps, schema_editor):
    apps.get_model("workcalendar", "WorkingDay").objects.filter(
        date__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
