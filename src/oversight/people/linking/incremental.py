"""Entry point of the on-save link (see signals)."""

from oversight.people.linking.registry import link_mentions

__all__ = ["link_mentions"]
