"""Values a process keeps for a while under a key: the pickers of the filter bars (the units of
a scope, its officers; issue 17). Each is kept `seconds` after it was made; at `most` keys the
whole store is dropped at once (a flood of keys is not kept); `clear()` is for the receivers
that forget at once in this process when the rows behind the values change. A store made from
others' values (the filter bar, written from the pickers) `follow`s them: cleared with them."""

from __future__ import annotations

import time


class Timed:
    def __init__(self, seconds: float, most: int = 256):
        self.seconds, self.most = seconds, most
        self._kept: dict = {}
        self._followers: list[Timed] = []

    def follow(self, *stores: Timed) -> None:
        """Be cleared whenever one of `stores` is."""
        for store in stores:
            store._followers.append(self)

    def get(self, key, make):
        """The value kept under `key`, or `make()`'s, kept from now."""
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        value = make()
        if len(self._kept) >= self.most:
            self._kept.clear()
        self._kept[key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        self._kept.clear()
        for follower in self._followers:
            follower.clear()

    def __len__(self) -> int:
        return len(self._kept)

    def __iter__(self):
        """The keys kept (expired ones too, until made again or cleared)."""
        return iter(self._kept)
