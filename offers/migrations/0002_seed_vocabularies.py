from django.db import migrations

from offers.vocabulary_seed import AUDIENCES, GAPS, OFFER_TYPES, TOPICS


def seed(apps, schema_editor):
    Gap = apps.get_model("offers", "Gap")
    Audience = apps.get_model("offers", "Audience")
    Topic = apps.get_model("offers", "Topic")
    OfferType = apps.get_model("offers", "OfferType")
    for position, gap in enumerate(GAPS):
        Gap.objects.update_or_create(slug=gap["slug"], defaults={**gap, "position": position})
    for position, (slug, name, description) in enumerate(AUDIENCES):
        Audience.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for position, (slug, name) in enumerate(TOPICS):
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    for position, (slug, name) in enumerate(OFFER_TYPES):
        OfferType.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
