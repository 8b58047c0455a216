def test_units_loaded_across_the_merger(db):
    from oversight.units.models import Unit

    assert Unit.objects.provinces().count() == 63
