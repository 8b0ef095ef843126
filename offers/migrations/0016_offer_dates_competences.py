"""Dates, venue, competences and learning goals of an offer (issues #17, #18)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0015_search_alerts"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="Competence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, unique=True, verbose_name="Bezeichnung")),
                (
                    "slug",
                    models.SlugField(
                        help_text="Stabiler Wert in Adressen und Filtern, z. B. „fuehrungskraefte“. Nach dem Veröffentlichen nicht mehr ändern, sonst brechen Lesezeichen.",
                        max_length=80,
                        unique=True,
                        verbose_name="Kurzname (URL)",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="Beschreibung")),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge"),
                ),
            ],
            options={
                "verbose_name": "Kompetenz",
                "verbose_name_plural": "Kompetenzen",
                "ordering": ["position", "name"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="OfferDate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="Beginn")),
                (
                    "ends_on",
                    models.DateField(
                        blank=True,
                        help_text="Nur bei mehrtägigen Terminen.",
                        null=True,
                        verbose_name="Ende",
                    ),
                ),
            ],
            options={
                "verbose_name": "Termin",
                "verbose_name_plural": "Termine",
                "ordering": ["starts_on", "ends_on", "pk"],
            },
        ),
        migrations.AddField(
            model_name="offer",
            name="learning_goals",
            field=models.TextField(
                blank=True,
                help_text="Was Teilnehmende danach wissen oder können; hilft beim Fortbildungsantrag.",
                verbose_name="Lernziele",
            ),
        ),
        migrations.AddField(
            model_name="offer",
            name="venue",
            field=models.CharField(
                blank=True,
                help_text="Wo das Angebot stattfindet, z. B. „Rathaus Kassel, Obere Königsstraße 8“ oder „online (Zoom)“. Die Termine stehen unter „Termine“.",
                max_length=200,
                verbose_name="Veranstaltungsort",
            ),
        ),
        migrations.AddField(
            model_name="offer",
            name="competences",
            field=models.ManyToManyField(
                blank=True,
                related_name="offers",
                to="offers.competence",
                verbose_name="Kompetenzen",
            ),
        ),
        migrations.AddField(
            model_name="offerdate",
            name="offer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="dates",
                to="offers.offer",
                verbose_name="Angebot",
            ),
        ),
        migrations.AddIndex(
            model_name="offerdate",
            index=models.Index(fields=["starts_on", "offer"], name="offerdate_starts_offer_idx"),
        ),
        migrations.AddConstraint(
            model_name="offerdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                name="offerdate_ends_after_start",
            ),
        ),
    ]
