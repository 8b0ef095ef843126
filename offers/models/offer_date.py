"""A date on which an offer takes place (Termin): one day or a span of days."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format


class OfferDateQuerySet(models.QuerySet):
    def starting_from(self, day):
        """Dates that begin on `day` or later."""
        return self.filter(starts_on__gte=day)

    def upcoming(self, today):
        """Dates not over by `today`: they begin on it or later, or are still running."""
        return self.filter(models.Q(starts_on__gte=today) | models.Q(ends_on__gte=today))

    def set_for(self, offer, pairs) -> None:
        """Make `offer`'s dates exactly the (start, end or None) `pairs`, writing only what differs.

        Row by row, so that every change sends its signal (the catalogue index listens).
        """
        wanted = {(start, end if end != start else None) for start, end in pairs}
        for date in self.filter(offer=offer):
            key = (date.starts_on, date.ends_on)
            if key in wanted:
                wanted.discard(key)
            else:
                date.delete()
        for starts_on, ends_on in sorted(wanted, key=lambda pair: (pair[0], pair[1] or pair[0])):
            self.create(offer=offer, starts_on=starts_on, ends_on=ends_on)


class OfferDate(models.Model):
    offer = models.ForeignKey(
        "offers.Offer", verbose_name="Angebot", on_delete=models.CASCADE, related_name="dates"
    )
    starts_on = models.DateField("Beginn")
    ends_on = models.DateField(
        "Ende", null=True, blank=True, help_text="Nur bei mehrtägigen Terminen."
    )

    objects = OfferDateQuerySet.as_manager()

    class Meta:
        verbose_name = "Termin"
        verbose_name_plural = "Termine"
        ordering = ["starts_on", "ends_on", "pk"]
        indexes = [
            # "nur mit Terminen ab …": the offers with a date from that day, read by this index.
            models.Index(fields=["starts_on", "offer"], name="offerdate_starts_offer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="offerdate_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Das Ende darf nicht vor dem Beginn liegen."})

    @property
    def is_over(self):
        return (self.ends_on or self.starts_on) < timezone.localdate()

    @property
    def is_span(self):
        return self.ends_on is not None and self.ends_on != self.starts_on

    @property
    def label(self):
        """German, e.g. "3. März 2027" or "3.–5. März 2027" or "30. März – 2. April 2027"."""
        start = self.starts_on
        if not self.is_span:
            return date_format(start, "j. F Y")
        end = self.ends_on
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}.–{date_format(end, 'j. F Y')}"
        if start.year == end.year:
            return f"{date_format(start, 'j. F')} – {date_format(end, 'j. F Y')}"
        return f"{date_format(start, 'j. F Y')} – {date_format(end, 'j. F Y')}"
