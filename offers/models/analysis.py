"""The analysis page (/analyse/): the initiative's analysis in the team's words, and its paper.

One page, its text in sections of Markdown that the team edits in the admin;
a data migration seeds it. The Impulspapier is a PDF the team uploads; until
it does, the page offers a PDF made from its own text. A replaced or cleared
paper's file is removed once the change has committed (django-cleanup).
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import cached_property

MAX_PAPER_BYTES = 20 * 1024 * 1024
# Ids the page itself uses; a section's anchor must not take them.
RESERVED_ANCHORS = {"inhalt", "impulspapier", "auf-dieser-seite", "ideen"}
MARKDOWN_HELP = (
    "Markdown: **fett**, *kursiv*, Listen mit „- “ am Zeilenanfang, Links als "
    "[Text](https://…) oder [Text](/angebote/), Zwischenüberschriften mit „#“. "
    "HTML und Bilder werden nicht übernommen."
)


class PaperStorage(FileSystemStorage):
    """Files under MEDIA_ROOT whose address is the public download view, not MEDIA_URL.

    The platform serves no media directory; the admin's "Derzeit:" link and
    the page both lead to /analyse/impulspapier.pdf.
    """

    def url(self, name):
        return reverse("offers:analysis_paper")


def paper_storage():
    return PaperStorage()


def validate_pdf(file):
    """A PDF of at most MAX_PAPER_BYTES: its header within the first KiB, as the format says."""
    if file.size > MAX_PAPER_BYTES:
        raise ValidationError(
            f"Die Datei ist {filesizeformat(file.size)} groß; "
            f"höchstens {filesizeformat(MAX_PAPER_BYTES)} sind möglich."
        )
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError("Das ist keine PDF-Datei. Bitte das Impulspapier als PDF hochladen.")


class AnalysisPage(models.Model):
    title = models.CharField("Überschrift", max_length=150)
    summary = models.CharField(
        "Kurzfassung",
        max_length=400,
        help_text="Ein bis zwei Sätze unter der Überschrift, auch für Suchmaschinen. Ohne Markdown.",
    )
    impulse_paper = models.FileField(
        "Impulspapier (PDF)",
        upload_to="analyse/",
        storage=paper_storage,
        blank=True,
        validators=[
            FileExtensionValidator(["pdf"], message="Bitte eine Datei mit der Endung .pdf wählen."),
            validate_pdf,
        ],
        help_text="Höchstens 20 MB. Solange hier keine Datei ist, bietet die Seite eine PDF-Fassung "
        "an, die aus ihrem eigenen Text erzeugt wird.",
    )
    updated_at = models.DateTimeField("geändert", auto_now=True)

    class Meta:
        verbose_name = "Analyseseite"
        verbose_name_plural = "Analyseseite"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:analysis")

    @cached_property
    def paper_size(self):
        """The uploaded paper's size in bytes; None without one, or when its file is gone."""
        if not self.impulse_paper:
            return None
        try:
            return self.impulse_paper.size
        except OSError:
            return None

    @classmethod
    def current(cls):
        """The page (there is one; the data migration made it)."""
        return cls.objects.order_by("pk").first()


class AnalysisSection(models.Model):
    page = models.ForeignKey(
        AnalysisPage, verbose_name="Seite", on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    heading = models.CharField("Überschrift", max_length=120)
    anchor = models.SlugField(
        "Sprungmarke",
        max_length=60,
        help_text="Kurzname für Links auf diesen Abschnitt, z. B. „vorgehen“ für /analyse/#vorgehen.",
    )
    body = models.TextField("Text", max_length=20000, help_text=MARKDOWN_HELP)
    show_gaps = models.BooleanField(
        "die fünf Leerstellen unter dem Text zeigen",
        default=False,
        help_text="Mit Namen, Kurzbeschreibung und Link, so wie sie unter „Leerstellen“ gepflegt "
        "sind.",
    )

    class Meta:
        verbose_name = "Abschnitt"
        verbose_name_plural = "Abschnitte"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "anchor"],
                name="analysis_section_anchor_unique",
                violation_error_message="Diese Sprungmarke hat schon ein anderer Abschnitt.",
            )
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        if self.anchor in RESERVED_ANCHORS:
            raise ValidationError(
                {
                    "anchor": f"„{self.anchor}“ verwendet die Seite schon; bitte einen anderen Kurznamen."
                }
            )
