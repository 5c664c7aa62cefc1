"""The translation files: complete, consistent with English, and used by the commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from afmap import i18n
from afmap.cli import cli
from afmap.edtfdates import parse

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "src" / "afmap" / "translations"
SHIPPED_FACTIONS = yaml.safe_load((ROOT / "scenarios" / "factions.yaml").read_text("utf-8"))["factions"]


def raw(code: str) -> dict:
    return yaml.safe_load((FILES / f"{code}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", ["fa", "ps"])
def test_every_english_string_is_translated_with_the_same_placeholders(code):
    en, other = raw("en"), raw(code)
    for section in ("interface", "images", "dates"):
        assert set(other[section]) == set(en[section]), section
        for key, text in en[section].items():
            assert i18n.placeholders(str(other[section][key])) == i18n.placeholders(str(text)), key
    lang = other["language"]
    assert lang["direction"] == "rtl"
    assert len(lang["months"]) == 12 and len(set(lang["months"])) == 12
    assert set(lang["seasons"]) == set(en["language"]["seasons"])
    assert len(lang["digits"]) == 10 and lang["digits"] != "0123456789"


@pytest.mark.parametrize("code", ["fa", "ps"])
def test_every_shipped_faction_has_a_name_and_a_short_name(code):
    factions = raw(code)["factions"]
    assert set(factions) == set(SHIPPED_FACTIONS)
    for fid, entry in factions.items():
        assert entry["name"] and entry["short"], fid
        assert not any(c.isascii() and c.isalpha() for c in entry["name"] + entry["short"]), fid


def test_english_takes_the_scenarios_own_faction_names():
    assert raw("en")["factions"] == {}
    assert i18n.language("en").faction("taliban", "Taliban (as written)", "T") == \
        ("Taliban (as written)", "T")
    assert i18n.language("fa").faction("taliban", "Taliban", "T")[1] == "طالبان"
    assert i18n.language("fa").faction("my-own", "Mine", None) == ("Mine", None)


@pytest.mark.parametrize(("code", "text", "words"), [
    ("en", "2001-11-13", "13 November 2001"),
    ("en", "1998-22~", "summer 1998, approximate"),
    ("fa", "2001-11-13", "۱۳ نومبر ۲۰۰۱"),
    ("fa", "1998-08?", "اگست ۱۹۹۸، نامطمئن"),
    ("fa", "199X", "دههٔ ۱۹۹۰"),
    ("ps", "2001-11-13", "۲۰۰۱ نومبر ۱۳"),
    ("ps", "1998-22~", "۱۹۹۸ اوړی، نږدې"),
    ("ps", "19XX", "۱۹۰۰–۱۹۹۹"),
])
def test_dates_in_each_language(code, text, words):
    assert i18n.language(code).when(parse(text)) == words
    assert parse(text).words(code) == words


def test_numbers_in_strings_take_the_language_digits():
    assert i18n.language("fa").text("change count", number=3, total=120) == "تغییر ۳ از ۱۲۰"
    assert i18n.language("en").text("subtitle year", date="1 July 1998", year="1998") == \
        "State on 1 July 1998 (reference date for 1998)"
    assert i18n.language("ps").day(None) == "نن"
    assert i18n.language("en").day(dt.date(1996, 9, 27)) == "27 September 1996"


def test_an_unknown_language_is_wrong_usage():
    result = CliRunner().invoke(cli, ["render", "--lang", "de"])
    assert result.exit_code == 2
    assert "Invalid value for '--lang': 'de' is not one of 'en', 'fa', 'ps'." in result.output
    with pytest.raises(i18n.OptionError, match="no language 'de'; choose one of en, fa, ps"):
        i18n.language("de")


@pytest.mark.parametrize(("code", "tag", "title"), [
    ("fa", "fa-AF", "کنترول ساحات در افغانستان — ۱ جولای ۱۹۹۸"),
    ("ps", "ps", "په افغانستان کې د سیمو کنټرول — ۱۹۹۸ جولای ۱"),
])
def test_render_lang_writes_a_right_to_left_page(tmp_path, code, tag, title):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["render", "--year", "1998", "--lang", code, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{tag}" dir="rtl">')
    assert f"<title>{title}</title>" in page


def test_thousands_are_grouped_as_each_language_writes_them():
    assert i18n.language("en").text("show more", count=1_999_401) == \
        "Show more (1,999,401 more characters)"
    assert i18n.language("fa").text("show more", count=12_345) == "نمایش بیشتر (۱۲٬۳۴۵ حرف دیگر)"


def broken(tmp_path, edit) -> list[str]:
    """The problems afmap reports for fa.yaml changed by ``edit`` (a text replacement)."""
    text = (FILES / "fa.yaml").read_text(encoding="utf-8")
    old, new = edit
    assert old in text
    path = tmp_path / "fa.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(i18n.TranslationError) as err:
        i18n.read_language(path)
    return [line.replace(str(path), "fa.yaml") for line in err.value.lines()]


def line_of(text: str) -> int:
    lines = (FILES / "fa.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_translator_s_mistakes_are_located_and_say_what_to_do(tmp_path):
    n = line_of("  change count:")
    assert broken(tmp_path, ("تغییر {number} از {total}", "تغییر {number} از {totl}")) == [
        f"fa.yaml:{n}:17: interface: 'change count' must keep the placeholders of English "
        "({number}, {total})"]
    n = line_of("  play: ")
    assert broken(tmp_path, ("  play: پخش\n", "")) == [
        f"fa.yaml:{line_of('interface:') + 1}:3: interface: no 'play' (English: 'Play'); add its translation"]
    assert broken(tmp_path, ("  direction: rtl", "  direction: right")) == [
        f"fa.yaml:{line_of('  direction: rtl')}:14: language: 'direction' must be ltr or rtl"]
    assert broken(tmp_path, ("  pause: توقف", "  pause: [توقف")) == [
        f"fa.yaml:{line_of('  pause: ')}:10: not valid YAML: expected ',' or ']', but got '<stream end>'"] \
        or broken(tmp_path, ("  pause: توقف", "  pause: [توقف"))[0].startswith("fa.yaml:")


def test_the_shipped_translations_pass_the_check():
    for code in i18n.LANGUAGES:
        lang = i18n.read_language(FILES / f"{code}.yaml")
        assert lang.code == code
