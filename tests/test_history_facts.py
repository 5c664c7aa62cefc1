"""Dated historical facts checked against the shipped scenarios through the CLI.

Each fact names the province, a date, the faction expected to hold the province on that
date (and, where it matters, the status) and the source the fact comes from. The facts are
checked with ``afmap control --date D --format json`` exactly as a user would run it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from afmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
GEODATA = ROOT / "geodata" / "provinces.geojson"
START = dt.date(1978, 4, 27)


class Fact(NamedTuple):
    province: str
    date: str
    faction: str
    status: str | None
    source: str


FACTS = [
    # --- 1978-1979: Saur Revolution, Khalq rule, Herat uprising
    Fact("Kabul", "1978-04-28", "dra", "controlled", "Wikipedia, 'Afghan conflict': Saur Revolution, 27 April 1978"),
    Fact("Nuristan", "1978-10-15", "dra", "contested", "Wikipedia, '1979 Herat uprising': uprisings from 1978 in Nuristan"),
    Fact("Herat", "1979-03-17", "mujahideen", "contested", "Wikipedia, '1979 Herat uprising' (15-20 March 1979)"),
    Fact("Herat", "1979-04-01", "dra", "controlled", "Wikipedia, '1979 Herat uprising': the DRA regains Herat"),
    # --- 1979-1989: Soviet intervention
    Fact("Kabul", "1979-12-27", "dra", "controlled", "Wikipedia, 'Afghan conflict': Storm-333, 27 December 1979"),
    Fact("Kandahar", "1985-01-01", "dra", "contested", "Wikipedia, 'Afghan conflict'; Giustozzi (2000): government holds the cities, mujahideen the countryside"),
    Fact("Panjshir", "1984-06-01", "mujahideen", "contested", "Wikipedia, 'Afghan conflict': Massoud defeated the Soviets nine times in the Panjshir"),
    Fact("Daykundi", "1983-01-01", "mujahideen", "controlled", "Rubin, The Fragmentation of Afghanistan (1995): Hazarajat outside state control"),
    Fact("Kabul", "1987-01-01", "dra", "controlled", "Grau, 'Khost in the Rearview Mirror'; Wikipedia, 'Afghan conflict'"),
    Fact("Panjshir", "1982-06-01", "mujahideen", "contested", "Christian Science Monitor, 18 August 1983: Soviet offensives of May and August 1982"),
    Fact("Panjshir", "1983-06-01", "mujahideen", "controlled", "Maley, The Afghanistan Wars; CSM, 18 August 1983: Massoud's ceasefire 1983-84"),
    Fact("Panjshir", "1985-06-01", "mujahideen", "contested", "Maley, The Afghanistan Wars: the ceasefire ended in April 1984"),
    Fact("Khost", "1987-12-30", "dra", "contested", "Maley, The Afghanistan Wars: Khost road opened 29 December 1987"),
    Fact("Zabul", "1988-06-16", "dra", "contested", "Maley, The Afghanistan Wars: Qalat seized on 17 June 1988"),
    Fact("Zabul", "1988-06-18", "mujahideen", "contested", "Maley, The Afghanistan Wars: Qalat seized on 17 June 1988"),
    Fact("Zabul", "1988-06-22", "dra", "contested", "Maley, The Afghanistan Wars: Qalat retaken four days later"),
    Fact("Kunduz", "1988-08-13", "mujahideen", "contested", "Los Angeles Times, 12 August 1988: fall of Kunduz reported"),
    Fact("Kunduz", "1988-08-16", "dra", "contested", "Los Angeles Times, 16 August 1988: Kunduz retaken on 15 August"),
    Fact("Kunar", "1988-10-10", "dra", "contested", "AP, 11 October 1988: Asadabad's fall reported on 11 October"),
    Fact("Kunar", "1988-11-01", "mujahideen", "contested", "AP, 11 October 1988: Asadabad fallen to the guerrillas"),
    Fact("Takhar", "1988-12-01", "mujahideen", "contested", "AP, 11 October 1988: rebels claim Taloqan"),
    Fact("Paktika", "1990-01-01", "mujahideen", "contested", "AP, 11 October 1988: rebels claim Sharan; no return of the government in the sources"),
    # --- 1989-1992: the Republic of Afghanistan alone
    Fact("Nangarhar", "1989-04-01", "dra", "contested", "Steve LeVine, Chicago Tribune, 20 March 1989: Jalalabad held"),
    Fact("Khost", "1991-03-30", "dra", "contested", "UPI, 31 March 1991: mujahideen claim the fall of Khost"),
    Fact("Khost", "1991-04-05", "mujahideen", "controlled", "UPI, 31 March 1991; ACCORD/Clements (2003): fell 31 March 1991"),
    Fact("Balkh", "1992-03-25", "junbish", "controlled", "Jonathan L. Lee (2018): Dostum's militia occupies Mazar-i-Sharif, March 1992"),
    Fact("Kabul", "1992-04-20", "dra", "contested", "Maley (2002); LA Times, April 1992: Najibullah forced to resign 16 April"),
    Fact("Kandahar", "1992-04-20", "mujahideen", "controlled", "country-studies.com, 'The Fall of Kabul, April 1992'"),
    Fact("Kabul", "1992-04-26", "mujahideen", "contested", "Wikipedia, 'Afghan conflict': Massoud and Dostum enter Kabul"),
    # --- 1992-1996: Islamic State, factions, rise of the Taliban
    Fact("Kabul", "1993-02-01", "isa", "contested", "Wikipedia, 'Afghan conflict' (HRW): Hezb-e Islami attacks Kabul"),
    Fact("Herat", "1993-01-01", "ismail-khan", "controlled", "The Guardian, 13 November 2001: Ismail Khan governor of Herat 1992-1995"),
    Fact("Bamyan", "1993-06-01", "hezb-e-wahdat", "controlled", "Wikipedia, 'Afghan conflict'; Rashid (2000): Hazarajat held by Hezb-e Wahdat"),
    Fact("Jowzjan", "1993-06-01", "junbish", "controlled", "Lee (2018); Rashid (2000): Dostum's northern provinces"),
    Fact("Kandahar", "1994-11-04", "mujahideen", "controlled", "Wikipedia, 'Afghan conflict': the south ruled by local leaders"),
    Fact("Kandahar", "1994-11-06", "taliban", "controlled", "Jonathan L. Lee (2018): Kandahar fell on 5 November 1994"),
    Fact("Logar", "1995-02-10", "hezb-e-islami", "contested", "Encyclopaedia Universalis, 14-24 February 1995: Charasyab fell to the Taliban on 14 February"),
    Fact("Logar", "1995-02-15", "taliban", "controlled", "Encyclopaedia Universalis, 14-24 February 1995: Charasyab fell to the Taliban on 14 February"),
    Fact("Logar", "1995-03-20", "taliban", "contested", "Encyclopaedia Universalis, 6-19 March 1995: Massoud took Charasyab on 19 March"),
    Fact("Logar", "1995-06-01", "taliban", "contested", "Rashid (2000): Taliban at the outskirts of Kabul; Universalis: Massoud retook Charasyab on 19 March 1995"),
    Fact("Herat", "1995-09-04", "ismail-khan", "controlled", "The Guardian, 13 November 2001"),
    Fact("Herat", "1995-09-06", "taliban", "controlled", "Rashid (2000); historyworld.net: Herat falls in September 1995"),
    Fact("Nangarhar", "1996-09-12", "taliban", "controlled", "Rashid (2000): Taliban in Jalalabad on 11 September 1996"),
    # --- 1996-2001: Islamic Emirate against the United Front
    Fact("Kabul", "1996-09-26", "isa", "contested", "Wikipedia, 'Afghan conflict': Massoud ordered the retreat on 26 September 1996"),
    Fact("Kabul", "1996-09-27", "taliban", "controlled", "Wikipedia, 'Afghan conflict': the Taliban seized Kabul on 27 September 1996"),
    Fact("Badakhshan", "1997-01-01", "united-front", "controlled", "Wikipedia, 'Afghan conflict': the United Front in Badakhshan, Kapisa, Takhar"),
    Fact("Balkh", "1997-05-25", "taliban", "contested", "Maley (2002): fighting in Mazar on 24 May 1997, Dostum fled"),
    Fact("Balkh", "1997-06-15", "united-front", "controlled", "Lee (2018): the Taliban occupation of Mazar lasted three days"),
    Fact("Kunduz", "1997-06-15", "taliban", "contested", "Lee (2018): surviving Taliban held Kunduz and beat off attempts to dislodge them"),
    Fact("Jowzjan", "1998-08-03", "taliban", "controlled", "Encyclopaedia Universalis: Sheberghan taken 2 August 1998"),
    Fact("Balkh", "1998-08-08", "taliban", "controlled", "Lee (2018): the Taliban drove into Mazar-i-Sharif on 8 August 1998"),
    Fact("Bamyan", "1998-09-14", "taliban", "controlled", "Maley (2002): Taliban took Bamyan on 13 September 1998"),
    Fact("Takhar", "1998-11-01", "united-front", "controlled", "DPA, The Tribune, 18 October 1998: Massoud retook Taloqan"),
    Fact("Bamyan", "1999-05-01", "united-front", "controlled", "Maley (2002): Wahdat regained Bamyan on 21 April 1999"),
    Fact("Bamyan", "1999-05-10", "taliban", "controlled", "Maley (2002): the Taliban took Bamyan back on 9 May 1999"),
    Fact("Takhar", "2000-09-07", "taliban", "contested", "Encyclopaedia Universalis; Washington Times, 7 September 2000"),
    Fact("Panjshir", "2001-09-09", "united-front", "controlled", "Wikipedia, 'Afghan conflict': Massoud killed at Khwaja Bahauddin, 9 September 2001"),
    # --- November-December 2001
    Fact("Balkh", "2001-11-09", "united-front", "controlled", "SOFREP; AP, 12 November 2001: Mazar-e-Sharif fell on 9 November"),
    Fact("Kabul", "2001-11-12", "taliban", "controlled", "armedforcesmuseum.com: the Taliban left Kabul on the evening of 12 November"),
    Fact("Kabul", "2001-11-13", "united-front", "controlled", "Wikipedia, 'Afghan conflict'; Knight Ridder, November 2001"),
    Fact("Kunduz", "2001-11-25", "taliban", "contested", "Maley (2002): Kunduz taken on 26 November"),
    Fact("Kunduz", "2001-11-26", "united-front", "controlled", "Maley (2002): Kunduz taken by the United Front on 26 November 2001"),
    Fact("Kandahar", "2001-12-10", "mujahideen", "controlled", "Maley (2002): Karzai entered Kandahar on 9 December 2001"),
    # --- 2001-2021: Islamic Republic
    Fact("Kabul", "2001-12-22", "islamic-republic", "controlled", "Wikipedia, 'Afghan conflict': administration installed on 22 December"),
    Fact("Kunduz", "2015-09-29", "taliban", "contested", "Reuters, 1 October 2015: Taliban took Kunduz on 28 September"),
    Fact("Kunduz", "2015-10-02", "islamic-republic", "contested", "Reuters, 1 October 2015: government retook the city centre; fighting went on"),
    Fact("Kunduz", "2015-10-14", "islamic-republic", "controlled", "Al Jazeera / AP, 13 October 2015: the Taliban announce their withdrawal"),
    Fact("Helmand", "2005-06-01", "islamic-republic", "controlled", "Wikipedia, '2006 Taliban offensive': the offensive began on 14 April 2006"),
    Fact("Helmand", "2006-04-15", "islamic-republic", "contested", "Wikipedia, '2006 Taliban offensive'; 'Helmand province campaign'"),
    Fact("Kandahar", "2006-09-05", "islamic-republic", "contested", "Wikipedia, 'Operation Medusa' (2-17 September 2006)"),
    Fact("Kandahar", "2009-06-01", "islamic-republic", "contested", "Forsberg, ISW (December 2010): Taliban held Arghandab, Zhari, Panjwai until 2010"),
    Fact("Kandahar", "2013-01-01", "islamic-republic", "controlled", "Forsberg, ISW (December 2010): momentum shifted to ISAF in autumn 2010"),
    Fact("Helmand", "2016-01-01", "islamic-republic", "contested", "The Guardian, 21 December 2015; Long War Journal, December 2015: Sangin overrun"),
    Fact("Uruzgan", "2016-09-07", "islamic-republic", "controlled", "AP, 9 September 2016: Taliban push into Tarin Kot on 8 September"),
    Fact("Uruzgan", "2017-06-01", "islamic-republic", "contested", "Long War Journal, September 2016: Uruzgan hotly contested"),
    Fact("Farah", "2018-05-15", "islamic-republic", "contested", "RFE/RL and AFP, 16 May 2018: Taliban attack on Farah city on 15 May"),
    Fact("Farah", "2018-05-17", "islamic-republic", "controlled", "AFP, 16 May 2018: Taliban pushed to the outskirts"),
    Fact("Ghazni", "2018-08-12", "islamic-republic", "contested", "RFE/RL, 14 August 2018: battle for Ghazni"),
    Fact("Nangarhar", "2017-01-01", "islamic-republic", "contested", "Borhan Osman, AAN (2016): ISKP in four districts of Nangarhar"),
    # --- 2021: the Taliban offensive, capital by capital
    Fact("Nimruz", "2021-08-05", "islamic-republic", "controlled", "The Media Line, 8 August 2021"),
    Fact("Uruzgan", "2021-07-20", "islamic-republic", "contested", "IANS (Xinhua), 19 July 2021: Dihrawud falls; Taliban claim every district"),
    Fact("Nimruz", "2021-08-06", "taliban", "controlled", "The Media Line, 8 August 2021: Zaranj fell on Friday 6 August"),
    Fact("Jowzjan", "2021-08-07", "taliban", "controlled", "EFE, 7 August 2021: Sheberghan fallen"),
    Fact("Kunduz", "2021-08-08", "taliban", "controlled", "EFE, 8 August 2021: Kunduz captured on Sunday"),
    Fact("Samangan", "2021-08-09", "taliban", "controlled", "East Coast Daily, 13 August 2021: Aybak on 9 August"),
    Fact("Herat", "2021-08-12", "taliban", "controlled", "ITV News, 12 August 2021; Business Standard (IANS), 14 August 2021"),
    Fact("Kandahar", "2021-08-12", "islamic-republic", "contested", "The National, 12 August 2021: Taliban claim Kandahar"),
    Fact("Kandahar", "2021-08-13", "taliban", "controlled", "Daily News Brief, 13 August 2021: fall confirmed early Friday"),
    Fact("Balkh", "2021-08-13", "islamic-republic", "controlled", "VOA News, 15 August 2021"),
    Fact("Balkh", "2021-08-14", "taliban", "controlled", "VOA News, 15 August 2021: Mazar-e-Sharif falls on 14 August"),
    Fact("Kabul", "2021-08-14", "islamic-republic", "controlled", "Wikipedia, 'Afghan conflict': Kabul captured on 15 August"),
    Fact("Kabul", "2021-08-15", "taliban", "controlled", "Wikipedia, 'Afghan conflict': Kabul was captured that same day"),
    Fact("Nangarhar", "2021-08-15", "taliban", "controlled", "VOA News, 15 August 2021: Jalalabad surrenders"),
    # --- since August 2021: the Islamic Emirate
    Fact("Panjshir", "2021-08-20", "nrf", "controlled", "Wikipedia, 'Afghan conflict': NRF based in the Panjshir Valley"),
    Fact("Baghlan", "2021-08-21", "taliban", "contested", "Xinhua, 23 August 2021: resistance took three Baghlan districts on 20 August"),
    Fact("Panjshir", "2021-09-03", "nrf", "contested", "Wikipedia, 'Afghan conflict': Taliban assault by the start of September"),
    Fact("Panjshir", "2021-09-06", "taliban", "controlled", "AFP, 6 September 2021: Taliban claim complete control of Panjshir"),
    Fact("Panjshir", "2024-06-01", "taliban", "controlled", "Wikipedia, 'Afghan conflict' infobox: Taliban control all territory since September 2021"),
]


@functools.lru_cache(maxsize=None)
def control_rows(date: str) -> tuple[dict, ...]:
    """Rows printed by ``afmap control --date D --format json`` (one CLI call per date)."""
    result = CliRunner().invoke(
        cli,
        ["control", "--date", date, "--format", "json",
         "--scenario", str(SCENARIOS), "--geodata", str(GEODATA)],
    )
    assert result.exit_code == 0, result.output
    return tuple(json.loads(result.output))


def row_for(date: str, province: str) -> dict:
    matches = [row for row in control_rows(date) if row["province"] == province]
    assert len(matches) == 1, f"{province} appears {len(matches)} times on {date}"
    return matches[0]


def change_dates() -> list[dt.date]:
    """Every period start and end in the shipped scenarios, plus today."""
    from afmap import api

    dates = {START, dt.date.today(), *api.load(SCENARIOS).timeline.change_dates()}
    return sorted(d for d in dates if START <= d <= dt.date.today())


def test_there_are_enough_facts_in_every_era() -> None:
    years = [int(fact.date[:4]) for fact in FACTS]
    assert len(FACTS) >= 40
    for first, last in [(1978, 1979), (1980, 1989), (1989, 1992), (1992, 1996), (1996, 2001),
                        (2001, 2001), (2002, 2021), (2021, 2021), (2022, 2100)]:
        assert any(first <= year <= last for year in years), (first, last)


@pytest.mark.parametrize("fact", FACTS, ids=[f"{f.province}-{f.date}" for f in FACTS])
def test_historical_fact(fact: Fact) -> None:
    row = row_for(fact.date, fact.province)
    assert row["faction"] == fact.faction, (fact, row["period"])
    if fact.status:
        assert row["status"] == fact.status, (fact, row["period"])
    assert row["sources"], fact


@pytest.mark.parametrize("date", [d.isoformat() for d in change_dates()])
def test_every_row_on_a_change_date_is_sourced(date: str) -> None:
    rows = control_rows(date)
    assert len(rows) == 34
    unsourced = [row["province"] for row in rows if not row["sources"]]
    assert not unsourced, f"{date}: no sources for {unsourced}"


def test_no_province_is_ever_without_an_assignment() -> None:
    probe: set[dt.date] = set()
    for day in change_dates():
        probe.add(day)
        if day > START:
            probe.add(day - dt.timedelta(days=1))
    gaps = []
    for day in sorted(probe):
        rows = control_rows(day.isoformat())
        assert len(rows) == 34, day
        gaps += [(day.isoformat(), row["province"]) for row in rows if row["status"] == "no-data"]
    assert not gaps, gaps[:20]
