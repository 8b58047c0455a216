"""Rate limits, quotas and the hold for review: what keeps a flood out of the desks.

Counters live in the database (`Counter`), so every web worker sees the same figures. An
address is known only by a keyed hash that changes every day; rows go after two days.

Per address and hour: PORTAL_REPORTS_PER_ADDRESS reports, PORTAL_FILES_PER_ADDRESS files,
PORTAL_CODE_FAILURES wrong receipt codes (then the address waits for the next hour),
PORTAL_MESSAGES_PER_ADDRESS messages. For the whole portal: after PORTAL_HOLD_AFTER reports in
an hour new ones wait for an officer's review; with PORTAL_HELD_MAX held, reports are refused;
at most PORTAL_FILE_BYTES_PER_DAY bytes of files a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from oversight.base.acting import client_address
from oversight.portal.choices import SubmissionState
from oversight.portal.models import Counter, SpentChallenge, Submission

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
EVERYONE = "*"


@dataclass(frozen=True)
class Limited(Exception):
    """Refused for now; `wait` seconds until the window that refused it ends."""

    bucket: str
    wait: int


def _window(size: dt.timedelta, now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    if size >= DAY:
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now.replace(minute=0, second=0, microsecond=0)


def _wait(size: dt.timedelta, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return max(1, int((_window(size, now) + size - now).total_seconds()))


def address_key(request) -> str:
    """A keyed hash of the client's address and today's date: enough to count, not to find."""
    key = hashlib.sha256(f"portal-address|{settings.SECRET_KEY}".encode()).digest()
    message = f"{timezone.now():%Y-%m-%d}|{client_address(request)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def count(bucket: str, key: str, size: dt.timedelta = HOUR) -> int:
    row = Counter.objects.filter(bucket=bucket, key=key, window=_window(size)).first()
    return row.count if row else 0


@transaction.atomic
def take(bucket: str, key: str, limit: int, *, amount: int = 1,
         size: dt.timedelta = HOUR) -> int:
    """Count `amount` more in this window, or raise Limited when it would pass `limit`."""
    window = _window(size)
    Counter.objects.get_or_create(bucket=bucket, key=key, window=window)
    row = Counter.objects.select_for_update().get(bucket=bucket, key=key, window=window)
    if row.count + amount > limit:
        raise Limited(bucket, _wait(size))
    Counter.objects.filter(pk=row.pk).update(count=F("count") + amount)
    return row.count + amount


def add(bucket: str, key: str, amount: int = 1, size: dt.timedelta = HOUR) -> None:
    """Count without a limit (the whole portal's hourly reports)."""
    take(bucket, key, 2**62, amount=amount, size=size)


def check(bucket: str, key: str, limit: int, size: dt.timedelta = HOUR) -> None:
    """Raise Limited if the window already holds `limit` (without counting)."""
    if count(bucket, key, size) >= limit:
        raise Limited(bucket, _wait(size))


# --- the rules ------------------------------------------------------------------------------

def report_allowed(key: str) -> None:
    """Before a report is stored: the address's hourly allowance and the held queue."""
    check("report", key, settings.PORTAL_REPORTS_PER_ADDRESS)
    held = Submission.objects.filter(state=SubmissionState.HELD).count()
    if held >= settings.PORTAL_HELD_MAX:
        raise Limited("held_full", _wait(HOUR))


def files_allowed(key: str, number: int, size: int) -> None:
    """Before files are stored: the address's hourly number and the portal's daily bytes."""
    if number:
        check("file", key, settings.PORTAL_FILES_PER_ADDRESS - number + 1)
    if size and count("file_bytes", EVERYONE, DAY) + size > settings.PORTAL_FILE_BYTES_PER_DAY:
        raise Limited("file_bytes", _wait(DAY))


def files_taken(key: str, number: int, size: int) -> None:
    if number:
        take("file", key, settings.PORTAL_FILES_PER_ADDRESS, amount=number)
    if size:
        add("file_bytes", EVERYONE, size, size=DAY)


def report_taken(key: str) -> str:
    """Count a stored report; return why it must be held for review ('' if it need not)."""
    take("report", key, settings.PORTAL_REPORTS_PER_ADDRESS)
    add("report", EVERYONE)
    if count("report", EVERYONE) > settings.PORTAL_HOLD_AFTER:
        return "flood"
    return ""


def code_attempt_allowed(key: str) -> None:
    check("code_failure", key, settings.PORTAL_CODE_FAILURES)


def code_failed(key: str) -> int:
    """Count a wrong code; the number of failures from this address in the hour."""
    add("code_failure", key)
    return count("code_failure", key)


def message_allowed(key: str) -> None:
    take("message", key, settings.PORTAL_MESSAGES_PER_ADDRESS)


def purge(now: dt.datetime | None = None) -> int:
    """Forget counters after two days and spent challenges after one."""
    now = now or timezone.now()
    deleted, _ = Counter.objects.filter(window__lt=now - 2 * DAY).delete()
    spent, _ = SpentChallenge.objects.filter(spent_at__lt=now - DAY).delete()
    return deleted + spent
