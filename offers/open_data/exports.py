"""The current result list as CSV for German Excel: UTF-8 with BOM, semicolons."""

from django.http import StreamingHttpResponse
from django.utils import timezone

from kommune360.spreadsheet import BOM, excel_cell, excel_writer
from offers.catalogue.query import Catalogue
from offers.submission.values import german_slugify

from .facts import CSV_COLUMNS, offer_facts, with_facts

CHUNK = 500


class Echo:
    """A file-like object whose write() returns what it was given (Django's streaming CSV)."""

    def write(self, value):
        return value


def filename(catalogue) -> str:
    """`kommune360-angebote-<filters>-<date>.csv`, readable and safe in any file system."""
    parts = [f"{param}-{value}" for param, value in catalogue.state_pairs(drop="sortierung")]
    described = german_slugify("-".join(parts))[:80].strip("-")
    stem = "kommune360-angebote" + (f"-{described}" if described else "")
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.csv"


def rows(offers):
    """The CSV lines of `offers` (a queryset, in its order), heading first."""
    writer = excel_writer(Echo())
    yield BOM + writer.writerow([heading for heading, _read in CSV_COLUMNS])
    for offer in with_facts(offers).iterator(chunk_size=CHUNK):
        facts = offer_facts(offer)
        yield writer.writerow([excel_cell(read(facts)) for _heading, read in CSV_COLUMNS])


def offers_csv(offers, name) -> StreamingHttpResponse:
    """`offers` as a CSV download called `name` (plain ASCII, made by the caller)."""
    response = StreamingHttpResponse(rows(offers), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def catalogue_csv(querydict) -> StreamingHttpResponse:
    catalogue = Catalogue(querydict)
    return offers_csv(catalogue.results(), filename(catalogue))
