"""Install the catalogue triggers again: updates now count only for the columns
the facet index reads (offers/catalogue_triggers.py), so re-indexing search
text no longer makes every process rebuild its index."""

from django.db import migrations

from offers.catalogue_triggers import install_triggers


def reinstall(apps, schema_editor):
    install_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("offers", "0009_offer_search_entry")]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
