"""Oversight: one source of truth for anti-corruption oversight work."""

__version__ = "0.1.0"
