"""Every registry person's `name_key` is their full name folded (`normalise.name_key`), as
`Person.save` now keeps it: persons entered by hand were saved without one, and the registry's
search by name compared their names as written besides — an `OR` that no index serves, a scan
of the whole registry at each intake (issue 17). Persons whose key differs are given it here,
a thousand at a time; nothing else changes."""

from django.db import migrations


def fill(apps, schema_editor):
    from oversight.people.normalise import name_key

    Person = apps.get_model("people", "Person")
    changed = []
    for pk, full_name, key in Person.objects.values_list("pk", "full_name", "name_key").iterator(
            chunk_size=2000):
        wanted = name_key(full_name)
        if wanted != key:
            changed.append(Person(pk=pk, name_key=wanted))
        if len(changed) >= 1000:
            Person.objects.bulk_update(changed, ["name_key"])
            changed = []
    if changed:
        Person.objects.bulk_update(changed, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [("people", "0005_linkrun_job_only")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
