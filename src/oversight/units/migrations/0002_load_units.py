from django.db import migrations


def load(apps, schema_editor):
    from oversight.units.loading import load_units

    load_units(apps.get_model("units", "Unit"), apps.get_model("units", "Cluster"))


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
