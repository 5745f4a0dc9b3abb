"""Build llmclaims/text/data/countries.csv from a maintained dataset (the countryinfo package,
MIT; its data follow ISO 3166-1 and list every UN member state with capital and demonym).

    pip install countryinfo country_converter && python scripts/build_countries.py

Columns: name, iso3, capital, demonym, other_names ("|"-separated: the dataset's alternative
spellings in Latin script, without bare ISO codes, which collide with words in capitals: "CAN",
"AND"), un_member (1 for the 193 UN member states, from country_converter's table, GPL-3; only
the membership flag is taken: a demonym several entries share, "American", "French", belongs to
the member state, not to a territory). The gazetteer adds news metonyms the dataset lacks
("the Kremlin", "DPRK") from its own short table.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import country_converter
import countryinfo.countryinfo as ci

OUT = Path(__file__).resolve().parent.parent / "llmclaims" / "text" / "data" / "countries.csv"


def latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def un_members() -> set[str]:
    table = Path(country_converter.__file__).parent / "country_data.tsv"
    with table.open(encoding="utf-8") as fh:
        return {r["ISO3"] for r in csv.DictReader(fh, delimiter="\t") if r["UNmember"].strip()}


def main() -> None:
    members = un_members()
    rows = []
    for entry in ci.load_countries()["countries"].values():
        iso3 = (entry.get("ISO") or {}).get("alpha3")
        name = entry.get("name")
        if not iso3 or not name:
            continue
        others = [s for s in entry.get("altSpellings") or []
                  if latin(s) and s != name and not re.fullmatch(r"[A-Z]{2,3}", s)]
        rows.append({"name": name, "iso3": iso3, "capital": entry.get("capital") or "",
                     "demonym": entry.get("demonym") or "", "other_names": "|".join(others),
                     "un_member": "1" if iso3 in members else "0"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["name"]))
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()
