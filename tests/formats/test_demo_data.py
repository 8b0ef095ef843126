"""formats/demo_data/sessions.toml: every entry is read, checked and loaded."""

import dataclasses
import tomllib
from io import StringIO

import pytest
from django.utils import timezone

from formats import demo
from formats.models import FormatKind, Series, Session
from kommune360.demo_data import DemoDataError
from offers.models import Audience, Gap, Topic

pytestmark = pytest.mark.django_db


def test_demo_sessions_file_every_entry_is_loaded():
    with demo.DATA_FILE.open("rb") as file:
        raw = tomllib.load(file)
    demo.load(today=timezone.localdate(), stdout=StringIO())
    assert sorted(Series.objects.values_list("slug", flat=True)) == sorted(
        series["slug"] for series in raw["series"]
    )
    single = {session["slug"] for session in raw["sessions"]}
    assert single <= set(Session.objects.values_list("slug", flat=True))
    for start in raw["circle_starts"]:
        first = Session.objects.get(slug=f"{start['slug_prefix']}-treffen-1")
        assert first.follow_ups.count() == first.kind.circle_meetings - 1
    assert not Session.objects.filter(is_demo=False).exists()


def test_demo_sessions_file_every_entry_refers_to_existing_kinds_and_vocabulary():
    kinds = set(FormatKind.objects.values_list("slug", flat=True))
    audiences = set(Audience.objects.values_list("slug", flat=True))
    for spec in demo.SERIES:
        assert spec.kind in kinds, spec.slug
        assert set(spec.audiences) <= audiences, spec.slug
        assert set(spec.topics) <= set(Topic.objects.values_list("slug", flat=True)), spec.slug
        assert set(spec.gaps) <= set(Gap.objects.values_list("slug", flat=True)), spec.slug
    for person in demo.PEOPLE:
        assert person.role in audiences, person.name


def test_read_sessions_malformed_entry_error_names_the_entry(tmp_path):
    text = demo.DATA_FILE.read_text(encoding="utf-8")
    broken = text.replace('weekday = "thursday"', 'weekday = "sunday"', 1)
    assert broken != text
    path = tmp_path / "sessions.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(
        DemoDataError,
        match="sessions.toml: Termin „demo-lean-coffee-runde-1“: „weekday“ ist „sunday“",
    ):
        demo.read_sessions(path)


def test_read_sessions_unknown_series_error_names_the_session(tmp_path):
    text = demo.DATA_FILE.read_text(encoding="utf-8")
    path = tmp_path / "sessions.toml"
    path.write_text(
        text.replace('series = "demo-lean-coffee"', 'series = "demo-tee"', 1), encoding="utf-8"
    )
    with pytest.raises(
        DemoDataError, match="Termin „demo-lean-coffee-runde-1“: Die Reihe „demo-tee“"
    ):
        demo.read_sessions(path)


def test_demo_load_unknown_topic_error_names_the_series(monkeypatch):
    broken = [dataclasses.replace(spec, topics=("astrologie",)) for spec in demo.SERIES]
    monkeypatch.setattr(demo, "SERIES", broken)
    with pytest.raises(
        DemoDataError, match="Reihe „demo-kurzimpulsreihe“: Themenfeld „astrologie“"
    ):
        demo.load(today=timezone.localdate(), stdout=StringIO())
