from django.core.management import call_command

from oversight.accounts.models import User
from oversight.matters.models import Direction, Matter, MatterEvent
from oversight.matters.stages import ALLOWED_MOVES


def _snapshot():
    return list(Matter.objects.order_by("id").values_list("title", "stage", "monitored_from",
                                                          "loss_amount"))


def test_seed_is_deterministic_and_consistent(db):
    call_command("seed", scale="demo", seed=7)
    first = _snapshot()
    assert len(first) == 140
    Matter.objects.all().delete()
    call_command("seed", scale="demo", seed=7)
    assert _snapshot() == first
    # Every recorded stage change is a move the rules allow.
    for event in MatterEvent.objects.filter(kind="stage_changed"):
        assert event.to_stage in ALLOWED_MOVES[event.from_stage]
    # Completed matters are closed; absorbed provinces have nothing after the merger.
    assert not Matter.objects.filter(completed_on__isnull=False).exclude(stage="closed").exists()
    assert not Matter.objects.filter(responsible_unit__code="quang_binh",
                                     monitored_from__gt="2025-06-30").exists()
    assert Direction.objects.filter(status="open", due_on__lt="2026-10-01").exists()


def test_demo_prepare_only_creates_accounts(db, monkeypatch, capsys):
    monkeypatch.setenv("OVERSIGHT_DEMO_PASSWORD", "secret-demo")
    call_command("demo", prepare_only=True)
    out = capsys.readouterr().out
    assert "secret-demo" in out and "http://127.0.0.1:8000/" in out
    for name in ("admin", "central", "nghean", "quangtri"):
        assert User.objects.get(username=name).check_password("secret-demo")
    assert User.objects.get(username="central").has_role("central_analyst")
    assert Matter.objects.count() == 140
    call_command("demo", prepare_only=True)  # a second run keeps the data
    assert Matter.objects.count() == 140
