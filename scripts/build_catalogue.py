"""Build the project's weapon catalogue (llmclaims/resolve/data/catalogue.csv) from facts.

    python scripts/build_catalogue.py ../shared/reference/oryx_system_catalogue/oryx_systems_catalogue.csv

Source: the Oryx equipment-loss lists (oryxspioenkop.com) as scraped by scarnecchia/scrape_oryx
(MIT, (c) 2022 D. Scarnecchia): system names, country of origin, caliber. Written here: the
designation (the name without its caliber prefix), the designation keys (the words that name
the system: tokens with digits such as "M142", "2S4", "F-16", and proper names such as
"HIMARS", "Tyulpan"), and a category read from the military terms in the name (general rules
below, never per system). SIPRI's register is not copied (its terms forbid it).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "llmclaims" / "resolve" / "data" / "catalogue.csv"
SOURCE = "Oryx via scarnecchia/scrape_oryx (MIT)"

# category from the military terms a name uses (first rule that matches wins)
CATEGORY_RULES: tuple[tuple[str, str], ...] = (
    ("air_defense", r"\bSAM\b|air[- ]defen[cs]e|anti-aircraft|\bAA gun|MANPADS|\bSPAAG\b"),
    ("drone", r"\bU[AC]?AV\b|\bUCAV\b|drone|loitering"),
    ("rocket_launcher", r"\bMRL\b|\bMLRS\b|rocket launcher|multiple rocket"),
    ("anti_tank", r"\bATGM\b|anti-tank|\bNLAW\b|Javelin"),
    ("aircraft", r"aircraft|helicopter|fighter|bomber|\bjet\b|\b(Mi|Ka|Su|MiG|Tu|Il|An|Yak)-\d"),
    ("naval", r"\bship\b|boat|vessel|corvette|frigate|submarine|cruiser|landing craft|tug\b"),
    ("armored_vehicle", r"\btank\b|\bAPC\b|\bIFV\b|\bMRAP\b|armou?red|infantry fighting|\bBMP|\bBTR|\bBMD|"
                        r"\bMT-LB|personnel carrier|\b[TM]-\d{2}"),
    ("artillery", r"howitzer|mortar|self-propelled gun|field gun|\bgun\b|\b2S\d|\bSPG\b"),
    ("missile", r"missile|\bSSM\b|cruise"),
)
GENERIC = frozenset((
    "unknown", "soviet", "russian", "ukrainian", "american", "british", "german", "french", "polish",
    "czech", "for", "of", "the", "and", "with", "a", "an", "component", "system", "systems", "vehicle",
    "vehicles", "mod", "type", "variant", "sam", "uav", "ucav", "apc", "ifv", "mrl", "mlrs", "atgm",
    "spg", "ssm", "manpads", "radar", "launcher"))


def category(name: str, caliber: str) -> str:
    for cat, pattern in CATEGORY_RULES:
        if re.search(pattern, name, re.I):
            return cat
    return "artillery" if caliber and float(caliber) >= 100 else "other"


def keys(designation: str, common: frozenset[str] = frozenset()) -> list[str]:
    """The words that name the system: tokens mixing letters and digits ("M142", "2S4", "F-16"),
    and capitalised words never written in lower case in the catalogue (names such as
    "HIMARS", "Tyulpan", "Javelin"; not "Artillery" or "Systems")."""
    out = []
    for token in re.findall(r"[A-Za-z0-9][\w/.-]*[\w]|[A-Za-z0-9]", designation):
        plain = token.strip("'\"()")
        if plain.lower() in GENERIC or plain.lower() in common or len(plain) < 2 \
                or re.fullmatch(r"\d+x\d+", plain):
            continue
        has_digit = any(c.isdigit() for c in plain)
        proper = plain[0].isupper() and not plain.isdigit()
        if (has_digit and any(c.isalpha() for c in plain)) or (proper and plain.lower() == plain.lower()
                                                                and not plain.islower()):
            out.append(plain)
    return out


def main(path: str) -> None:
    rows = []
    seen = set()
    with open(path, newline="", encoding="utf-8") as fh:
        source = list(csv.DictReader(fh))
    common = frozenset(w for r in source for w in re.findall(r"\b[a-z][a-z-]+\b", r["system"]))
    for row in source:
        name, caliber = row["system"].strip(), row["caliber_mm"].strip()
        designation = re.sub(r"^\d+(\.\d+)?\s*mm\s+", "", name)
        k = (designation.lower(), row["origin_country"])
        if k in seen:
            continue
        seen.add(k)
        rows.append({"designation": designation, "origin": row["origin_country"],
                     "category": category(name, caliber), "caliber_mm": caliber,
                     "keys": "|".join(keys(designation, common)), "source": SOURCE})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["designation"].lower(), r["origin"])))
    print(f"{len(rows)} entries -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else
         str(ROOT.parent / "shared" / "reference" / "oryx_system_catalogue" / "oryx_systems_catalogue.csv"))
