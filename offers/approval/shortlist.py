"""The Merkliste: chosen offers held in the URL alone, without an account or a cookie.

The URL is the whole list, so it can be bookmarked, mailed and opened on
another computer. Two parameters carry it:

- `/merkliste/?angebot=a&angebot=b` is the list itself (comparison, sheets, CSV);
- `merkliste=a&merkliste=b` rides along on catalogue and offer links, so that
  a person who adds one offer after another keeps the offers added before.
  Every "Auf die Merkliste" link is the page it sits on with one slug more.

Only GET requests: the catalogue's cached pages stay free of cookies and forms.

offers.catalogue.query imports this module for the list it carries, so the
catalogue's names are imported here inside the functions that need them.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse

from offers.catalogue.text import clean_query

MAX_OFFERS = 20
LIST_PARAM = "angebot"  # on /merkliste/
CARRY_PARAM = "merkliste"  # on catalogue and offer pages
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,220}")


@dataclass(frozen=True)
class Shortlist:
    """Offer slugs in the order they were added, at most MAX_OFFERS, each once."""

    slugs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_values(cls, values):
        """The list from raw GET values, with German notes on what was left out."""
        slugs, notes, overflow = [], [], False
        for raw in values[: MAX_OFFERS * 3]:
            slug = raw.strip()
            if not slug or slug in slugs:
                continue
            if not SLUG.fullmatch(slug):
                shown = clean_query(raw)[:60] or "(leer)"
                notes.append(f"„{shown}“ ist kein Angebot aus dem Katalog und wurde ignoriert.")
            elif len(slugs) >= MAX_OFFERS:
                overflow = True
            else:
                slugs.append(slug)
        if overflow or len(values) > MAX_OFFERS * 3:
            notes.append(
                f"Eine Merkliste fasst höchstens {MAX_OFFERS} Angebote; "
                f"die ersten {MAX_OFFERS} sind übernommen, die weiteren nicht."
            )
        return cls(tuple(slugs), tuple(notes))

    @classmethod
    def from_query(cls, querydict, param=LIST_PARAM):
        return cls.from_values(querydict.getlist(param))

    def __contains__(self, slug):
        return slug in self.slugs

    def __len__(self):
        return len(self.slugs)

    def __bool__(self):
        return bool(self.slugs)

    @property
    def is_full(self):
        return len(self.slugs) >= MAX_OFFERS

    def adding(self, slug):
        """This list with `slug` at its end (unchanged when it is there or the list is full)."""
        if slug in self.slugs or self.is_full:
            return Shortlist(self.slugs)
        return Shortlist((*self.slugs, slug))

    def removing(self, slug):
        return Shortlist(tuple(s for s in self.slugs if s != slug))

    def keeping(self, slugs):
        """This list with only the given slugs (in this list's order)."""
        return Shortlist(tuple(s for s in self.slugs if s in set(slugs)))

    def pairs(self, param=CARRY_PARAM):
        return [(param, slug) for slug in self.slugs]

    @property
    def carried(self):
        """The list as it rides along on a catalogue link: "?merkliste=…" or ""."""
        return f"?{urlencode(self.pairs())}" if self.slugs else ""

    def url(self, name="offers:shortlist", back=""):
        """The URL of a Merkliste page (list, sheets, PDF, CSV) for these offers.

        `back` is the catalogue state to return to (the `von` of offer links).
        """
        from offers.catalogue.query import BACK_PARAMETER

        pairs = self.pairs(LIST_PARAM) + ([(BACK_PARAMETER, back)] if back else [])
        return reverse(name) + (f"?{urlencode(pairs)}" if pairs else "")


def catalogue_state(raw_state: str) -> str:
    """A catalogue state that a link carried along (`von`), cleaned and without the list."""
    from offers.catalogue.query import catalogue_url

    query = catalogue_url(raw_state).partition("?")[2]
    pairs = [(param, value) for param, value in parse_qsl(query) if param != CARRY_PARAM]
    return urlencode(pairs)


def catalogue_link(state: str, shortlist) -> str:
    """The catalogue with the filters of `state` and the list riding along."""
    pairs = parse_qsl(state) + shortlist.pairs()
    return reverse("offers:catalogue") + (f"?{urlencode(pairs)}" if pairs else "")


def offer_link(offer, state: str, shortlist) -> str:
    """An offer's page, remembering the catalogue state and the list (for "Auf die Merkliste")."""
    from offers.catalogue.query import BACK_PARAMETER

    back = urlencode(parse_qsl(state) + shortlist.pairs())
    return offer.get_absolute_url() + (f"?{urlencode([(BACK_PARAMETER, back)])}" if back else "")


def in_list_order(queryset, shortlist):
    """`queryset` restricted to the shortlist's offers, in the order they were added."""
    if not shortlist:
        return queryset.none()
    position = Case(
        *(When(slug=slug, then=Value(number)) for number, slug in enumerate(shortlist.slugs)),
        output_field=IntegerField(),
    )
    return queryset.filter(slug__in=shortlist.slugs).order_by(position)
