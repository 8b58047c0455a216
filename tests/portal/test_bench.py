"""`oversight bench_portal` runs and leaves nothing behind (its figures are for `make bench`)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from oversight.petitions.models import Petition
from oversight.portal.models import Submission

pytestmark = pytest.mark.django_db


def test_bench_portal_prints_figures_and_rolls_back(settings):
    settings.PORTAL_POW_BITS = 8
    out = io.StringIO()
    call_command("bench_portal", reports=2, stdout=out)
    text = out.getvalue()
    assert "reports/s" in text and "Argon2id" in text and "8 bits" in text
    assert Submission.objects.count() == 0 and Petition.objects.count() == 0
