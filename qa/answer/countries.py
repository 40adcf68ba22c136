"""Country names, so that a country is not taken for the state, province or
city a question asks for: "Which Canadian province receives the most
smuggled firearms?" is not answered by "firearms in Canada are smuggled from
the U.S.", though both names are places. And a place's adjective names it:
"Canadian" is said by "Canada", "American" by "the U.S.".

The list holds the sovereign states by their usual English names and common
short forms ("U.S.", "UK"); a name counts when it is one of them, bar a
leading "the" ("the United States").
"""

from __future__ import annotations

import re

_NAMES = """
Afghanistan; Albania; Algeria; Andorra; Angola; Antigua and Barbuda; Argentina; Armenia; Australia; Austria;
Azerbaijan; Bahamas; Bahrain; Bangladesh; Barbados; Belarus; Belgium; Belize; Benin; Bhutan; Bolivia;
Bosnia and Herzegovina; Botswana; Brazil; Brunei; Bulgaria; Burkina Faso; Burundi; Cabo Verde; Cape Verde; Cambodia;
Cameroon; Canada; Central African Republic; Chad; Chile; China; People's Republic of China; Colombia; Comoros; Congo;
Democratic Republic of the Congo; Costa Rica; Côte d'Ivoire; Ivory Coast; Croatia; Cuba; Cyprus; Czechia;
Czech Republic; Denmark; Djibouti; Dominica; Dominican Republic; Ecuador; Egypt; El Salvador; Equatorial Guinea;
Eritrea; Estonia; Eswatini; Swaziland; Ethiopia; Fiji; Finland; France; Gabon; Gambia; Georgia; Germany; Ghana;
Greece; Grenada; Guatemala; Guinea; Guinea-Bissau; Guyana; Haiti; Honduras; Hungary; Iceland; India; Indonesia; Iran;
Iraq; Ireland; Israel; Italy; Jamaica; Japan; Jordan; Kazakhstan; Kenya; Kiribati; Kosovo; Kuwait; Kyrgyzstan; Laos;
Latvia; Lebanon; Lesotho; Liberia; Libya; Liechtenstein; Lithuania; Luxembourg; Madagascar; Malawi; Malaysia;
Maldives; Mali; Malta; Marshall Islands; Mauritania; Mauritius; Mexico; Micronesia; Moldova; Monaco; Mongolia;
Montenegro; Morocco; Mozambique; Myanmar; Burma; Namibia; Nauru; Nepal; Netherlands; Holland; New Zealand; Nicaragua;
Niger; Nigeria; North Korea; North Macedonia; Macedonia; Norway; Oman; Pakistan; Palau; Palestine; Panama;
Papua New Guinea; Paraguay; Peru; Philippines; Poland; Portugal; Qatar; Romania; Russia; Russian Federation; Rwanda;
Saint Kitts and Nevis; Saint Lucia; Saint Vincent and the Grenadines; Samoa; San Marino; Sao Tome and Principe;
Saudi Arabia; Senegal; Serbia; Seychelles; Sierra Leone; Singapore; Slovakia; Slovenia; Solomon Islands; Somalia;
South Africa; South Korea; Korea; Republic of Korea; South Sudan; Spain; Sri Lanka; Sudan; Suriname; Sweden;
Switzerland; Syria; Taiwan; Tajikistan; Tanzania; Thailand; Timor-Leste; East Timor; Togo; Tonga;
Trinidad and Tobago; Tunisia; Turkey; Türkiye; Turkmenistan; Tuvalu; Uganda; Ukraine; United Arab Emirates; UAE;
United Kingdom; UK; U.K.; Great Britain; Britain; United States; United States of America; U.S.; U.S.A.; US; USA;
America; Uruguay; Uzbekistan; Vanuatu; Vatican City; Venezuela; Vietnam; Viet Nam; Yemen; Zambia; Zimbabwe
"""
COUNTRIES = frozenset(" ".join(n.split()).casefold().replace(".", "") for n in _NAMES.split(";"))   # dots dropped: "U.S" = "US"


def is_country(name: str) -> bool:
    """Whether ``name`` is a country's name (a leading "the" and trailing
    dots or possessive aside), or two joined by a hyphen.

    >>> is_country("the U.S."), is_country("Canada"), is_country("Côte d'Ivoire"), is_country("Quebec")
    (True, True, True, False)
    >>> is_country("Canada's"), is_country("New York"), is_country("U.S"), is_country("Canada-U.S")
    (True, False, True, True)
    """
    text = re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I)
    text = re.sub(r"(?:['’]s)$", "", text)
    parts = re.split(r"\s*[-–/]\s*", text.casefold().replace(".", ""))   # "Canada-U.S.": two countries, no province
    return all(p in COUNTRIES for p in parts)


# names for one country, any of which a text may use for it
_SAME = [{"united states", "united states of america", "us", "usa", "america"},
         {"united kingdom", "uk", "great britain", "britain"}]
ADJECTIVE = re.compile(r"[A-Z][a-z]{3,}(?:ian|an|ese|ish|i)")   # a place's adjective, by its ending ("Canadian")


def adjective_named(name: str, text: str) -> bool:
    """Whether ``text`` names the place a place's adjective ``name`` is of:
    "Canadian" by "Canada", "Mexican" by "Mexico", "American" by "U.S.".

    >>> adjective_named("Canadian", "firearms in Canada"), adjective_named("American", "the U.S. agencies")
    (True, True)
    >>> adjective_named("American", "the Canadian agencies"), adjective_named("Canada", "Canadian")
    (False, False)
    """
    if not ADJECTIVE.fullmatch(name):
        return False
    stem = name[:max(4, len(name) - 3)]
    if re.search(rf"\b{stem}(?!{name[len(stem):]})\w*", text):
        return True
    plain = re.sub(r"[.’']", "", text).casefold()
    return any(any(c.startswith(stem.casefold()) for c in same)
               and any(re.search(rf"\b{re.escape(c)}\b", plain) for c in same) for same in _SAME)
