"""The facet index also holds the columns of "mit Teilnahmebescheinigung" and "Kosten bis … €",
so that the catalogue's counts still read the published offers by this index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("offers", "0016_offer_dates_competences")]

    operations = [
        migrations.RemoveIndex(
            model_name="offer",
            name="offer_published_facets_idx",
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("status", "veroeffentlicht")),
                fields=["valid_until", "id"],
                include=(
                    "offer_type_id",
                    "delivery",
                    "region_scope",
                    "state",
                    "is_free",
                    "application_required",
                    "travel_required",
                    "published_at",
                    "certificate",
                    "cost_eur",
                ),
                name="offer_published_facets_idx",
            ),
        ),
    ]
