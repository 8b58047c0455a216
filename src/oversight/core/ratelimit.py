"""Per-user counters in the cache: "at most N calls in a window", like the sign-in limit.

The cache is shared by the web workers in production (configure a shared cache backend when
running several processes); a counter starts at the first call and its window then ends
`seconds` later.
"""

from __future__ import annotations

from django.core.cache import cache


def hit(bucket: str, who, limit: int, seconds: int) -> bool:
    """Count one call of `who` (a user or any key) in `bucket`; False when over `limit`."""
    key = f"rate:{bucket}:{getattr(who, 'pk', who)}:{seconds}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


def within(bucket: str, who, limits: dict[int, int]) -> bool:
    """Count one call against several windows ({seconds: limit}); False if any is exceeded.
    Every window counts the call, so waiting out the short one does not reset the long one."""
    results = [hit(bucket, who, limit, seconds) for seconds, limit in sorted(limits.items())]
    return all(results)
