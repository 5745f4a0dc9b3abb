"""Country names, capitals used as metonyms, and demonyms -> (canonical name, ISO alpha-3).

Every state of ISO 3166-1 (every UN member included) comes from a maintained dataset
(``data/countries.csv``, built by ``scripts/build_countries.py`` from the countryinfo package:
name, capital, demonym, alternative spellings). ``data/news_names.toml`` adds what the dataset
lacks: the names news writing uses ("the Kremlin", "DPRK", "the U.S.", "Britain") and the
canonical short names the evaluation gold uses. Used to merge such actors and to fill or check
ISO 3166-1 alpha-3 codes.
"""

from __future__ import annotations

import csv
import re
import tomllib
from importlib import resources


def _news_names() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]:
    """``data/news_names.toml``: the names news writing uses that the dataset lacks ("the
    Kremlin", "DPRK", "the U.S.", "Britain") and the gold's canonical short names."""
    data = tomllib.loads(resources.files("llmclaims.text").joinpath("data/news_names.toml")
                         .read_text("utf-8"))
    return tuple((str(d["name"]), str(d["iso3"]), tuple(d["others"]), tuple(d["demonyms"]))
                 for d in data["states"])


# canonical name, ISO3, other names (capital, abbreviations), demonyms/adjectives
_COUNTRIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = _news_names()


_MEMBERS: set[str] = set()


def _dataset() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]:
    """The dataset's states the table above does not hold, in the table's shape; records the
    UN member states in ``_MEMBERS``."""
    known = {iso for _n, iso, _o, _d in _COUNTRIES}
    text = resources.files("llmclaims.text").joinpath("data/countries.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        if row["un_member"] == "1":
            _MEMBERS.add(row["iso3"])
        if row["iso3"] in known:
            continue
        others = tuple(filter(None, [row["capital"], *row["other_names"].split("|")]))
        out.append((row["name"], row["iso3"], others, tuple(filter(None, [row["demonym"]]))))
    return tuple(out)


def _dataset_names() -> dict[str, tuple[str, ...]]:
    """The dataset's other names of each state the table above holds, by the table's name
    ("United Kingdom of Great Britain and Northern Ireland" for the United Kingdom): the table
    adds news names, and the dataset's official forms stay names of the state."""
    text = resources.files("llmclaims.text").joinpath("data/countries.csv").read_text("utf-8")
    return {row["name"]: tuple(filter(None, row["other_names"].split("|")))
            for row in csv.DictReader(text.splitlines())}


_TABLE_ISO = tuple(iso for _n, iso, _o, _d in _COUNTRIES)
_OFFICIAL = _dataset_names()
_COUNTRIES = tuple((n, iso, (*o, *(x for x in _OFFICIAL.get(n, ()) if x not in o)), d)
                   for n, iso, o, d in _COUNTRIES) + _dataset()


_SPACED_INITIAL = re.compile(r"\b([A-Z])\.\s+(?=[A-Z]\.)")


def tidy(name: str) -> str:
    """An initialism written with spaces as written without: "U. S." -> "U.S." (a small
    model's tokenizer spaces them out)."""
    return _SPACED_INITIAL.sub(r"\1.", name)


def _key(name: str) -> str:
    name = " ".join(tidy(name).replace("\u2019", "'").split()).casefold()
    return name[4:] if name.startswith("the ") and name != "the hague" else name


_BY_NAME: dict[str, tuple[str, str]] = {}
_BY_DEMONYM: dict[str, str] = {}
_CODES: set[str] = set()
for _name, _iso, _others, _demonyms in _COUNTRIES:
    _CODES.add(_iso)
    for _n in (_name, *_others):
        _BY_NAME[_key(_n)] = (_name, _iso)
# A demonym several entries share ("American": the United States and the Northern Mariana
# Islands; "French", "Chinese", "Indian") belongs to the short table's state, else to the UN
# member state, else to the first entry.
for _name, _iso, _others, _demonyms in sorted(
        _COUNTRIES, key=lambda c: (c[1] not in _TABLE_ISO, c[1] not in _MEMBERS)):
    for _d in _demonyms:
        _BY_DEMONYM.setdefault(_key(_d), _iso)


def country(name: str) -> tuple[str, str] | None:
    """``("North Korea", "PRK")`` for "North Korea", "Pyongyang", "the DPRK"; else None."""
    return _BY_NAME.get(_key(name))


def states() -> list[tuple[str, tuple[str, ...]]]:
    """Every state: canonical name and its other names (capital, abbreviations)."""
    return [(name, others) for name, _iso, others, _demonyms in _COUNTRIES]


def forms(name: str) -> tuple[str, ...]:
    """Every way the gazetteer writes the state ``name`` names (its names, capital,
    abbreviations and demonyms); () when it names no state."""
    hit = country(name)
    if hit is None:
        return ()
    return next((n, *o, *d) for n, iso, o, d in _COUNTRIES if iso == hit[1])


def state_name(code: str | None) -> str | None:
    """``"United States"`` for "USA"; None for a code the gazetteer does not know."""
    return next((name for name, iso, _o, _d in _COUNTRIES if iso == code), None)


def of_demonym(word: str) -> str | None:
    """``"Israel"`` for "Israeli", ``"United States"`` for "American"; else None."""
    code = _BY_DEMONYM.get(_key(word))
    return next((name for name, iso, _o, _d in _COUNTRIES if iso == code), None)


def iso3(value: str | None) -> str | None:
    """Best ISO alpha-3 code for a model-supplied country value ("PRK", "North Korea", "Russian")."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 3 and value.isalpha() and value.isupper():
        return value
    hit = country(value)
    if hit:
        return hit[1]
    return _BY_DEMONYM.get(_key(value))


def possessive_forms(name: str) -> tuple[str, ...]:
    """The same body written with its state in the other way: "Ukraine's military intelligence"
    and "Ukraine’s military intelligence" for "Ukrainian military intelligence"; () when the name
    does not start with a demonym, or is the demonym alone."""
    words = name.split()
    for n in (2, 1):
        head, rest = " ".join(words[:n]), " ".join(words[n:])
        state = of_demonym(head) if rest else None
        if state is not None:
            return tuple(f"{state}{mark}s {rest}" for mark in ("'", "\u2019"))
    return ()


def country_in(text: str) -> str | None:
    """ISO3 of a demonym or country name that starts ``text`` ("South Korean lawmaker")."""
    words = text.split()
    for n in (3, 2, 1):
        head = " ".join(words[:n])
        code = _BY_DEMONYM.get(_key(head)) or (country(head) or (None, None))[1]
        if code:
            return code
    return None
