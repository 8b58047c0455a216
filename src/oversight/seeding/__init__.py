"""Deterministic, realistic demo data: `oversight seed --scale demo|province|national`."""
