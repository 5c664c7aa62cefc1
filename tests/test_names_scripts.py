"""Province names in Dari and Pashto: in the geodata, and resolved in any script."""

from __future__ import annotations

import json
import unicodedata

import pytest
from helpers import FACTIONS, GEODATA, MINI

from afmap.geodata import ProvinceInfo, load_provinces, province_names, read_province_info
from afmap.names import normalise, province_key

# The shipped names (geodata/README.md gives their sources and the choices).
LOCAL = {
    "AF-BAL": ("بلخ", "بلخ"), "AF-BAM": ("بامیان", "باميان"), "AF-BDG": ("بادغیس", "بادغيس"),
    "AF-BDS": ("بدخشان", "بدخشان"), "AF-BGL": ("بغلان", "بغلان"),
    "AF-DAY": ("دایکندی", "دايکندي"), "AF-FRA": ("فراه", "فراه"), "AF-FYB": ("فاریاب", "فارياب"),
    "AF-GHA": ("غزنی", "غزني"), "AF-GHO": ("غور", "غور"), "AF-HEL": ("هلمند", "هلمند"),
    "AF-HER": ("هرات", "هرات"), "AF-JOW": ("جوزجان", "جوزجان"), "AF-KAB": ("کابل", "کابل"),
    "AF-KAN": ("قندهار", "کندهار"), "AF-KAP": ("کاپیسا", "کاپيسا"), "AF-KDZ": ("کندوز", "کندز"),
    "AF-KHO": ("خوست", "خوست"), "AF-KNR": ("کنر", "کونړ"), "AF-LAG": ("لغمان", "لغمان"),
    "AF-LOG": ("لوگر", "لوګر"), "AF-NAN": ("ننگرهار", "ننګرهار"), "AF-NIM": ("نیمروز", "نيمروز"),
    "AF-NUR": ("نورستان", "نورستان"), "AF-PAN": ("پنجشیر", "پنجشېر"), "AF-PAR": ("پروان", "پروان"),
    "AF-PIA": ("پکتیا", "پکتيا"), "AF-PKA": ("پکتیکا", "پکتيکا"), "AF-SAM": ("سمنگان", "سمنګان"),
    "AF-SAR": ("سرپل", "سرپل"), "AF-TAK": ("تخار", "تخار"), "AF-URU": ("ارزگان", "ارزګان"),
    "AF-WAR": ("وردک", "وردګ"), "AF-ZAB": ("زابل", "زابل"),
}  # fmt: skip

ZWNJ, TATWEEL = "\u200c", "\u0640"


@pytest.fixture(scope="module")
def infos() -> list[ProvinceInfo]:
    return read_province_info(GEODATA)


@pytest.fixture(scope="module")
def names(infos):
    return province_names(infos)


def test_every_province_has_its_dari_and_pashto_name(infos) -> None:
    assert {p.code: (p.name_in("fa"), p.name_in("ps")) for p in infos} == LOCAL
    assert all(p.local_names == (("fa", LOCAL[p.code][0]), ("ps", LOCAL[p.code][1]))
               for p in infos)


def test_name_in_falls_back_to_the_english_name() -> None:
    plain = ProvinceInfo("AF-KAB", "Kabul", (), None, ())
    assert plain.name_in("fa") == plain.name_in("ps") == plain.name_in("en") == "Kabul"
    dari = ProvinceInfo("AF-KAB", "Kabul", (), None, (), local_names=(("fa", "کابل"),))
    assert (dari.name_in("fa"), dari.name_in("ps"), dari.name_in("en")) == ("کابل", "Kabul", "Kabul")


def test_load_provinces_has_the_local_name_columns() -> None:
    frame = load_provinces(GEODATA)
    assert list(frame.columns) == ["code", "name", "name_fa", "name_ps", "geometry"]
    got = {row.code: (row.name_fa, row.name_ps) for row in frame.itertuples()}
    assert got == LOCAL


@pytest.mark.parametrize("code", sorted(LOCAL))
def test_dari_and_pashto_names_resolve(names, code: str) -> None:
    fa, ps = LOCAL[code]
    assert names.resolve(fa) == code
    assert names.resolve(ps) == code


def _variants(name: str) -> list[str]:
    """Spellings of one name that a Dari, Pashto or Arabic keyboard, or a copy, gives."""
    arabic = name.replace("ی", "ي").replace("ک", "ك")
    pashto = name.replace("گ", "ګ").replace("ی", "ې")
    dari = name.replace("ګ", "گ").replace("ړ", "ر").replace("ي", "ی")
    joined = ZWNJ.join(name)  # a non-joiner between every letter
    stretched = name[0] + TATWEEL * 3 + name[1:] if len(name) > 1 else name
    with_marks = "".join(ch + "\u064e" for ch in name)  # a fatha on every letter
    return [arabic, pashto, dari, joined, stretched, with_marks, f"ولایت {name}",
            f"ولايت {name}", f"{name} ولايت", f"د {name} ولايت", f"ولایت{ZWNJ}{name}",
            unicodedata.normalize("NFKC", name), f" {name} "]


@pytest.mark.parametrize("code", sorted(LOCAL))
def test_variant_spellings_resolve(names, code: str) -> None:
    for name in LOCAL[code]:
        for variant in _variants(name):
            assert names.resolve(variant) == code, f"{variant!r} ({ascii(variant)})"


@pytest.mark.parametrize(("spelling", "code"), [
    ("قندوز", "AF-KDZ"), ("کندوز", "AF-KDZ"), ("کندز", "AF-KDZ"),  # both sources, both languages
    ("اروزگان", "AF-URU"), ("روزګان", "AF-URU"), ("روزگان", "AF-URU"),
    ("کنړ", "AF-KNR"), ("کونر", "AF-KNR"), ("پنجشیر", "AF-PAN"), ("پنجشير", "AF-PAN"),
    ("ميدان وردګ", "AF-WAR"), ("میدان وردک", "AF-WAR"), ("وردگ", "AF-WAR"),
    ("كندهار", "AF-KAN"), ("ولایت کندهار", "AF-KAN"), ("د کندهار ولايت", "AF-KAN"),
    ("د ننګرهار ولايت", "AF-NAN"), ("سر پل", "AF-SAR"), ("سرِپل", "AF-SAR"),
    ("دای کندی", "AF-DAY"), ("دايكندي", "AF-DAY"), ("هِرات", "AF-HER"), ("غزنى", "AF-GHA"),
    ("ﻛﺎﺑﻞ", "AF-KAB"),  # Arabic presentation forms, as some PDFs copy them
])  # fmt: skip
def test_common_variant_spellings(names, spelling: str, code: str) -> None:
    assert names.resolve(spelling) == code


@pytest.mark.parametrize(("a", "b"), [
    ("ي", "ی"), ("ى", "ی"), ("ې", "ی"), ("ۍ", "ی"), ("ئ", "ی"),  # yeh
    ("ك", "ک"), ("ګ", "گ"),  # kaf, gaf
    ("ة", "ه"), ("ۀ", "ه"), ("ە", "ه"),  # heh
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ؤ", "و"),  # alef, waw
    ("ټ", "ت"), ("ډ", "د"), ("ړ", "ر"), ("ڼ", "ن"),  # Pashto ring letters
    ("ک" + ZWNJ + "ا", "کا"), ("ک\u200dا", "کا"), ("ک" + TATWEEL + "ا", "کا"),
    ("کَابُل", "کابل"), ("١٩٩٦", "1996"), ("۱۹۹۶", "1996"),
])  # fmt: skip
def test_normalise_folds_arabic_script_variants(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_normalise_keeps_distinct_letters_apart() -> None:
    assert normalise("ک") != normalise("گ")  # kaf and gaf are two letters
    assert normalise("ق") != normalise("ک")  # so are qaf and kaf (قندهار, کندهار)


def _old_normalise(name: str) -> str:
    """The Latin-only normalise before Arabic-script folding (kept to compare)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


@pytest.mark.parametrize("name", [
    "Sar-e Pol", "Ghōr", "Kunaṟ", "AF-KAB", "Maidan  Wardak", "HELMAND", "Panjshayr", "Straße",
    "Nīmrōz", "ﬁlm", "Ⅻ", "1996", "ǅemal", "København", "Şırnak", "Ιωάννινα", "Мазар",
])  # fmt: skip
def test_latin_and_other_scripts_fold_as_before(name: str) -> None:
    assert normalise(name) == _old_normalise(name)
    assert province_key(name) == _old_normalise(name)


def test_province_word_alone_is_a_name_not_an_affix() -> None:
    assert province_key("ولایت") == normalise("ولایت")
    assert province_key("د ولایت") == normalise("د ولایت")


def test_no_two_provinces_share_a_key_after_folding(infos) -> None:
    owner: dict[str, str] = {}
    for p in infos:
        for label in (p.code, p.name, *(n for _, n in p.local_names), *p.aliases):
            key = province_key(label)
            assert key, f"{label!r} folds to nothing"
            assert owner.setdefault(key, p.code) == p.code, f"{label!r}: {owner[key]} and {p.code}"


@pytest.mark.parametrize(("typed", "hint"), [
    ("هلمنت", " (did you mean 'هلمند'?)"),  # Arabic script: the local name
    ("قندهر", " (did you mean 'قندهار'?)"),  # Dari spelling: the Dari name
    ("کندهر", " (did you mean 'کندهار'?)"),  # Pashto spelling: the Pashto name
    ("ولایت بدخشن", " (did you mean 'بدخشان'?)"),
    ("كابول", " (did you mean 'کابل'?)"),
    ("Helmund", " (did you mean 'Helmand'?)"),  # Latin script: the English name, as before
    ("Wardk", " (did you mean 'Maidan Wardak'?)"),
    ("ژژژژژژ", ""),
])  # fmt: skip
def test_suggestions_in_the_script_typed(names, typed: str, hint: str) -> None:
    assert names.resolve(typed) is None
    assert names.suggest(typed) == hint


def test_check_accepts_dari_and_suggests_for_arabic_script(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS + """\
changes:
  - date: 1996-09-27
    provinces: [کابل, ولایت کندهار, كندز]
    holder: taliban
    sources: ["A source"]
  - date: 1998-08-08
    province: مزار
    holder: taliban
    sources: ["A source"]
  - date: 1998-08-08
    province: بلخخ
    holder: taliban
    sources: ["A source"]
""")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", GEODATA)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "s.yaml:10:15: unknown province 'مزار'",
        "s.yaml:14:15: unknown province 'بلخخ' (did you mean 'بلخ'?)",
        "2 problems found",
    ]


def test_check_passes_a_scenario_in_dari_and_pashto(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS + """\
changes:
  - date: 1996-09-27
    provinces: [کابل, قندهار, ننګرهار, پنجشېر]
    holder: taliban
    sources: ["A source"]
""")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", GEODATA)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "s.yaml: ok\n", "")


def test_check_sees_one_province_under_two_scripts(invoke, write, tmp_path, monkeypatch):
    write(FACTIONS + """\
changes:
  - date: 1996-09-27
    provinces: [Kandahar, کندهار]
    holder: taliban
    sources: ["A source"]
""")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "s.yaml", "--geodata", GEODATA)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "s.yaml:6:27: province 'کندهار' is listed twice in this change (also as 'Kandahar')",
        "1 problem found",
    ]


def _geodata_with(tmp_path, **props):
    data = json.loads(GEODATA.read_text(encoding="utf-8"))
    data["features"] = data["features"][:1]
    data["features"][0]["properties"].update(props)
    for key, value in props.items():
        if value is ...:
            del data["features"][0]["properties"][key]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_geodata_without_local_names_loads(tmp_path) -> None:
    path = _geodata_with(tmp_path, name_fa=..., name_ps=None)
    (info,) = read_province_info(path)
    assert info.local_names == () and info.name_in("fa") == "Balkh"
    frame = load_provinces(path)
    assert (frame.loc[0, "name_fa"], frame.loc[0, "name_ps"]) == ("Balkh", "Balkh")


@pytest.mark.parametrize(("value", "why"), [
    (42, "must be a non-empty string, not 42"),
    (" ", "must be a non-empty string, not ' '"),
    (["بلخ"], "must be a non-empty string, not a list"),
    ("بل\nخ", "holds the control character U+000A; remove it"),
])  # fmt: skip
def test_bad_local_names_are_refused(invoke, tmp_path, value, why) -> None:
    path = _geodata_with(tmp_path, name_ps=value)
    result = invoke("check", "--geodata", path, MINI)
    assert result.exit_code == 1
    assert result.stderr == f"{path}: feature 0 (AF-BAL): 'name_ps' {why}\n"
