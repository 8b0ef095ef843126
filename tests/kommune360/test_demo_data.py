"""kommune360.demo_data: reading and checking demo entries from TOML files."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from kommune360.demo_data import DemoDataError, check_choice, entries, entry, fold, read_toml


@dataclass(frozen=True, kw_only=True)
class Item:
    slug: str
    colour: str
    sizes: tuple[str, ...] = ()
    price: Decimal | None = None
    count: int = 0
    starts: datetime.time | None = None
    public: bool = False

    def __post_init__(self):
        check_choice("colour", self.colour, ("rot", "blau"))


def write(tmp_path, text):
    path = tmp_path / "items.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_fold_wrapped_text_joins_lines_and_keeps_paragraphs():
    text = "\nErste Zeile\n  geht weiter.\n\nZweiter Absatz\nhier.\n"
    assert fold(text) == "Erste Zeile geht weiter.\n\nZweiter Absatz hier."


def test_fold_one_line_text_is_kept_exactly():
    assert fold(" zwei  Leerzeichen ") == " zwei  Leerzeichen "


def test_entries_valid_file_builds_typed_specs(tmp_path):
    data = read_toml(
        write(
            tmp_path,
            '[[items]]\nslug = "a"\ncolour = "rot"\nsizes = ["S", "M"]\nprice = 49.5\n'
            "count = 3\nstarts = 12:30:00\npublic = true\n"
            '[[items]]\nslug = "b"\ncolour = "blau"\nprice = 290\n',
        )
    )
    first, second = entries(data, "items", Item, what="Ding")
    assert first == Item(
        slug="a",
        colour="rot",
        sizes=("S", "M"),
        price=Decimal("49.5"),
        count=3,
        starts=datetime.time(12, 30),
        public=True,
    )
    assert second.price == Decimal("290") and second.sizes == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('colour = "rot"\nfarbe = "grün"', "unbekannter Schlüssel „farbe“"),
        ("", "„colour“ fehlt"),
        ('colour = "grün"', "„colour“ ist „grün“, erlaubt sind „rot“, „blau“"),
        ('colour = "rot"\ncount = "drei"', "„count“ muss eine ganze Zahl sein"),
        ('colour = "rot"\ncount = true', "„count“ muss eine ganze Zahl sein"),
        ('colour = "rot"\nprice = "290"', "„price“ muss eine Zahl sein"),
        ('colour = "rot"\nsizes = "S"', "„sizes“ muss eine Liste von Texten sein"),
        ('colour = "rot"\nstarts = "12:30"', "„starts“ muss eine Uhrzeit (hh:mm:ss) sein"),
        ('colour = "rot"\npublic = "ja"', "„public“ muss true oder false sein"),
    ],
)
def test_entries_malformed_entry_error_names_the_entry(tmp_path, body, message):
    data = read_toml(
        write(
            tmp_path,
            f'[[items]]\nslug = "gut"\ncolour = "rot"\n[[items]]\nslug = "kaputt"\n{body}\n',
        )
    )
    with pytest.raises(DemoDataError) as excinfo:
        entries(data, "items", Item, what="Ding")
    assert str(excinfo.value).startswith("Ding „kaputt“: ")
    assert message in str(excinfo.value)


def test_entries_entry_without_name_is_named_by_its_position(tmp_path):
    data = read_toml(write(tmp_path, '[[items]]\ncolour = "rot"\n'))
    with pytest.raises(DemoDataError, match="Ding „Nr. 1“: „slug“ fehlt"):
        entries(data, "items", Item, what="Ding")


def test_entries_missing_table_is_reported(tmp_path):
    with pytest.raises(DemoDataError, match=r"Die Einträge \[\[items\]\] fehlen"):
        entries(read_toml(write(tmp_path, 'title = "x"\n')), "items", Item, what="Ding")


def test_read_toml_invalid_syntax_names_the_file(tmp_path):
    with pytest.raises(DemoDataError, match="items.toml: keine gültige TOML-Datei"):
        read_toml(write(tmp_path, '[[items]]\nslug = "a\n'))


def test_read_toml_missing_file_names_the_file(tmp_path):
    with pytest.raises(DemoDataError, match="fehlt.toml: Die Datei fehlt"):
        read_toml(tmp_path / "fehlt.toml")


def test_entry_single_table_builds_spec():
    assert entry({"slug": "x", "colour": "blau"}, Item, what="[x]").colour == "blau"
