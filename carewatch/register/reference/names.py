"""How two spellings of a council's or a region's name are found to be one: normalised and loose forms.

Used by :mod:`carewatch.register.reference`; no fuzzy matching, only rules that drop what CQC's files
add or leave out around a name.
"""

from __future__ import annotations

import re
import unicodedata

# Other names for the nine regions in CQC's files over the years (normalised as council names
# are). "Region" before or after a name, "the" and "England" after one are dropped anyway.
REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "E12000003": ("Yorkshire and Humber", "Yorkshire and Humberside"),
    "E12000006": ("East", "Eastern"),
    "E12000007": ("Greater London",),
}

# Abbreviations in CQC's older files, read as whole words in the loose form of a name.
_ABBREVIATIONS = {
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "ne": "north east",
    "nw": "north west",
    "se": "south east",
    "sw": "south west",
    "saint": "st",
    "beds": "bedfordshire",
    "berks": "berkshire",
    "bucks": "buckinghamshire",
    "cambs": "cambridgeshire",
    "derbys": "derbyshire",
    "glos": "gloucestershire",
    "hants": "hampshire",
    "herts": "hertfordshire",
    "lancs": "lancashire",
    "leics": "leicestershire",
    "lincs": "lincolnshire",
    "northants": "northamptonshire",
    "notts": "nottinghamshire",
    "oxon": "oxfordshire",
    "staffs": "staffordshire",
    "warks": "warwickshire",
    "wilts": "wiltshire",
    "worcs": "worcestershire",
    "yorks": "yorkshire",
}
# What councils' formal titles add around a name, longest first.
_PREFIXES = (
    "city and county of ",
    "council of the ",
    "corporation of ",
    "metropolitan borough of ",
    "london borough of ",
    "royal borough of ",
    "county borough of ",
    "borough of ",
    "council of ",
    "city of ",
    "county of ",
    "county ",
    "the ",
)
_SUFFIXES = (
    " metropolitan borough council",
    " london borough council",
    " borough council",
    " county council",
    " city council",
    " district council",
    " unitary authority",
    " metropolitan borough",
    " london borough",
    " council",
    " borough",
    " city",
    " county",
)
_INVERTED = re.compile(r"(.+) (city|county) of")  # "bristol city of" (from "Bristol, City of")


def normalise_name(text: str) -> str:
    """The key two spellings of one name share: "St. Helens" -> "st helens", "Telford & Wrekin" -> "telford and wrekin".

    Accents are dropped, case is folded, "&" reads as "and", apostrophes vanish and any
    other run of punctuation or whitespace becomes one space.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = ascii_text.casefold().replace("&", " and ")
    folded = re.sub(r"['`]", "", folded)
    return re.sub(r"[^0-9a-z]+", " ", folded).strip()


def loose_name(text: str) -> str:
    """A normalised name without the titles around it: "Bristol, City of" -> "bristol",
    "London Borough of Barnet" -> "barnet", "Bath & N E Somerset" -> "bath and north east somerset".

    Empty when nothing but titles is left ("City of").
    """
    key = normalise_name(text)
    inverted = _INVERTED.fullmatch(key)
    if inverted:
        key = f"{inverted[2]} of {inverted[1]}"
    key = " ".join(_ABBREVIATIONS.get(word, word) for word in key.split())
    changed = True
    while changed and key:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, changed = key.removeprefix(prefix), True
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key.removesuffix(suffix), True
    return "" if key in ("city of", "county of", "council", "borough council", "city", "county") else key


def region_key(text: str) -> str:
    """A normalised region name without "the", "Region" or "England" around it: "London Region" -> "london"."""
    key = normalise_name(text)
    key = key.removeprefix("the ").removeprefix("region ")
    for suffix in (" region", " england"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key.removesuffix(suffix)
    return key
