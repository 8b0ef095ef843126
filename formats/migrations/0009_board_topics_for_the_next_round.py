"""Lean Coffee topics for a series' next round before it is scheduled: a topic may wait with
its series (no session yet) until the team plans that round."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("formats", "0008_short_talks_ask_feedback"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardtopic",
            name="for_round_after",
            field=models.DateTimeField(
                blank=True,
                help_text="Beginn der Runde, in der das Thema für die nächste vorgeschlagen wurde: Es kommt auf das Board der ersten Runde der Reihe, die danach beginnt.",
                null=True,
                verbose_name="für die Runde nach",
            ),
        ),
        migrations.AddField(
            model_name="boardtopic",
            name="series",
            field=models.ForeignKey(
                blank=True,
                help_text="Die Reihe, für deren nächste Runde das Thema vorgeschlagen wurde.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="board_topics",
                to="formats.series",
                verbose_name="Reihe",
            ),
        ),
        migrations.AlterField(
            model_name="boardtopic",
            name="session",
            field=models.ForeignKey(
                blank=True,
                help_text="Leer bei einem Vorschlag für die nächste Runde, die noch nicht geplant ist.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="board_topics",
                to="formats.session",
                verbose_name="Termin",
            ),
        ),
        migrations.AddConstraint(
            model_name="boardtopic",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("session__isnull", False), ("series__isnull", False), _connector="OR"
                ),
                name="formats_topic_on_a_board_or_for_a_series",
                violation_error_message="Ein Thema gehört zu einem Termin oder zu einer Reihe.",
            ),
        ),
    ]
