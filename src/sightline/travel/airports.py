"""A small table of major airports by IATA code, for readable routes on cards and in speech.

Boarding passes carry only three-letter codes. The table covers about two hundred of the
busiest and best-known airports; any other code is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Airport:
    """An airport.

    Attributes:
        code: IATA location code, e.g. "FRA".
        name: Short display name, e.g. "London Heathrow" or "Frankfurt".
        city: The city it serves, for speech, e.g. "London".
        country: ISO 3166-1 alpha-2 country code.
    """

    code: str
    name: str
    city: str
    country: str


# code|display name|city|country
_TABLE: Final = """
ATL|Atlanta|Atlanta|US
LAX|Los Angeles|Los Angeles|US
ORD|Chicago O'Hare|Chicago|US
MDW|Chicago Midway|Chicago|US
DFW|Dallas/Fort Worth|Dallas|US
DEN|Denver|Denver|US
JFK|New York JFK|New York|US
LGA|New York LaGuardia|New York|US
EWR|Newark|New York|US
SFO|San Francisco|San Francisco|US
OAK|Oakland|Oakland|US
SJC|San José|San José|US
SEA|Seattle|Seattle|US
LAS|Las Vegas|Las Vegas|US
MCO|Orlando|Orlando|US
MIA|Miami|Miami|US
FLL|Fort Lauderdale|Fort Lauderdale|US
TPA|Tampa|Tampa|US
CLT|Charlotte|Charlotte|US
PHX|Phoenix|Phoenix|US
IAH|Houston Bush|Houston|US
HOU|Houston Hobby|Houston|US
BOS|Boston|Boston|US
MSP|Minneapolis|Minneapolis|US
DTW|Detroit|Detroit|US
PHL|Philadelphia|Philadelphia|US
BWI|Baltimore|Baltimore|US
IAD|Washington Dulles|Washington|US
DCA|Washington National|Washington|US
SLC|Salt Lake City|Salt Lake City|US
SAN|San Diego|San Diego|US
PDX|Portland|Portland|US
AUS|Austin|Austin|US
BNA|Nashville|Nashville|US
MSY|New Orleans|New Orleans|US
HNL|Honolulu|Honolulu|US
ANC|Anchorage|Anchorage|US
YYZ|Toronto Pearson|Toronto|CA
YVR|Vancouver|Vancouver|CA
YUL|Montréal Trudeau|Montréal|CA
YYC|Calgary|Calgary|CA
YOW|Ottawa|Ottawa|CA
YEG|Edmonton|Edmonton|CA
YHZ|Halifax|Halifax|CA
MEX|Mexico City|Mexico City|MX
CUN|Cancún|Cancún|MX
GDL|Guadalajara|Guadalajara|MX
PTY|Panama City Tocumen|Panama City|PA
SJO|San José Costa Rica|San José|CR
BOG|Bogotá|Bogotá|CO
MDE|Medellín|Medellín|CO
LIM|Lima|Lima|PE
SCL|Santiago|Santiago|CL
EZE|Buenos Aires Ezeiza|Buenos Aires|AR
AEP|Buenos Aires Aeroparque|Buenos Aires|AR
GRU|São Paulo Guarulhos|São Paulo|BR
CGH|São Paulo Congonhas|São Paulo|BR
GIG|Rio de Janeiro Galeão|Rio de Janeiro|BR
BSB|Brasília|Brasília|BR
UIO|Quito|Quito|EC
HAV|Havana|Havana|CU
SJU|San Juan|San Juan|PR
PUJ|Punta Cana|Punta Cana|DO
MBJ|Montego Bay|Montego Bay|JM
NAS|Nassau|Nassau|BS
LHR|London Heathrow|London|GB
LGW|London Gatwick|London|GB
STN|London Stansted|London|GB
LTN|London Luton|London|GB
LCY|London City|London|GB
MAN|Manchester|Manchester|GB
EDI|Edinburgh|Edinburgh|GB
GLA|Glasgow|Glasgow|GB
BHX|Birmingham|Birmingham|GB
BRS|Bristol|Bristol|GB
DUB|Dublin|Dublin|IE
CDG|Paris CDG|Paris|FR
ORY|Paris Orly|Paris|FR
NCE|Nice|Nice|FR
LYS|Lyon|Lyon|FR
MRS|Marseille|Marseille|FR
AMS|Amsterdam Schiphol|Amsterdam|NL
BRU|Brussels|Brussels|BE
FRA|Frankfurt|Frankfurt|DE
MUC|Munich|Munich|DE
BER|Berlin|Berlin|DE
HAM|Hamburg|Hamburg|DE
DUS|Düsseldorf|Düsseldorf|DE
CGN|Cologne Bonn|Cologne|DE
STR|Stuttgart|Stuttgart|DE
ZRH|Zurich|Zurich|CH
GVA|Geneva|Geneva|CH
BSL|Basel Mulhouse|Basel|FR
VIE|Vienna|Vienna|AT
PRG|Prague|Prague|CZ
BUD|Budapest|Budapest|HU
WAW|Warsaw Chopin|Warsaw|PL
KRK|Kraków|Kraków|PL
CPH|Copenhagen|Copenhagen|DK
ARN|Stockholm Arlanda|Stockholm|SE
OSL|Oslo|Oslo|NO
HEL|Helsinki|Helsinki|FI
KEF|Reykjavík Keflavík|Reykjavík|IS
MAD|Madrid|Madrid|ES
BCN|Barcelona|Barcelona|ES
PMI|Palma de Mallorca|Palma|ES
AGP|Málaga|Málaga|ES
ALC|Alicante|Alicante|ES
VLC|Valencia|Valencia|ES
SVQ|Seville|Seville|ES
IBZ|Ibiza|Ibiza|ES
TFS|Tenerife South|Tenerife|ES
LPA|Gran Canaria|Las Palmas|ES
LIS|Lisbon|Lisbon|PT
OPO|Porto|Porto|PT
FAO|Faro|Faro|PT
FCO|Rome Fiumicino|Rome|IT
CIA|Rome Ciampino|Rome|IT
MXP|Milan Malpensa|Milan|IT
LIN|Milan Linate|Milan|IT
BGY|Milan Bergamo|Bergamo|IT
VCE|Venice|Venice|IT
NAP|Naples|Naples|IT
BLQ|Bologna|Bologna|IT
FLR|Florence|Florence|IT
CTA|Catania|Catania|IT
MLA|Malta|Valletta|MT
ATH|Athens|Athens|GR
JTR|Santorini|Santorini|GR
HER|Heraklion|Heraklion|GR
SKG|Thessaloniki|Thessaloniki|GR
LCA|Larnaca|Larnaca|CY
IST|Istanbul|Istanbul|TR
SAW|Istanbul Sabiha Gökçen|Istanbul|TR
AYT|Antalya|Antalya|TR
ESB|Ankara|Ankara|TR
OTP|Bucharest|Bucharest|RO
SOF|Sofia|Sofia|BG
BEG|Belgrade|Belgrade|RS
ZAG|Zagreb|Zagreb|HR
DBV|Dubrovnik|Dubrovnik|HR
SPU|Split|Split|HR
LJU|Ljubljana|Ljubljana|SI
RIX|Riga|Riga|LV
VNO|Vilnius|Vilnius|LT
TLL|Tallinn|Tallinn|EE
KBP|Kyiv Boryspil|Kyiv|UA
SVO|Moscow Sheremetyevo|Moscow|RU
LED|St Petersburg|St Petersburg|RU
DXB|Dubai|Dubai|AE
DWC|Dubai World Central|Dubai|AE
AUH|Abu Dhabi|Abu Dhabi|AE
DOH|Doha|Doha|QA
BAH|Bahrain|Manama|BH
KWI|Kuwait|Kuwait City|KW
MCT|Muscat|Muscat|OM
RUH|Riyadh|Riyadh|SA
JED|Jeddah|Jeddah|SA
TLV|Tel Aviv|Tel Aviv|IL
AMM|Amman|Amman|JO
BEY|Beirut|Beirut|LB
CAI|Cairo|Cairo|EG
HRG|Hurghada|Hurghada|EG
CMN|Casablanca|Casablanca|MA
RAK|Marrakesh|Marrakesh|MA
TUN|Tunis|Tunis|TN
ALG|Algiers|Algiers|DZ
ADD|Addis Ababa|Addis Ababa|ET
NBO|Nairobi|Nairobi|KE
DAR|Dar es Salaam|Dar es Salaam|TZ
ZNZ|Zanzibar|Zanzibar|TZ
KGL|Kigali|Kigali|RW
LOS|Lagos|Lagos|NG
ABV|Abuja|Abuja|NG
ACC|Accra|Accra|GH
DSS|Dakar|Dakar|SN
JNB|Johannesburg|Johannesburg|ZA
CPT|Cape Town|Cape Town|ZA
DUR|Durban|Durban|ZA
MRU|Mauritius|Mauritius|MU
SEZ|Seychelles|Mahé|SC
DEL|Delhi|Delhi|IN
BOM|Mumbai|Mumbai|IN
BLR|Bengaluru|Bengaluru|IN
MAA|Chennai|Chennai|IN
HYD|Hyderabad|Hyderabad|IN
CCU|Kolkata|Kolkata|IN
COK|Kochi|Kochi|IN
GOI|Goa|Goa|IN
KTM|Kathmandu|Kathmandu|NP
CMB|Colombo|Colombo|LK
DAC|Dhaka|Dhaka|BD
MLE|Malé|Malé|MV
KHI|Karachi|Karachi|PK
LHE|Lahore|Lahore|PK
ISB|Islamabad|Islamabad|PK
ALA|Almaty|Almaty|KZ
TAS|Tashkent|Tashkent|UZ
SIN|Singapore Changi|Singapore|SG
KUL|Kuala Lumpur|Kuala Lumpur|MY
BKK|Bangkok Suvarnabhumi|Bangkok|TH
DMK|Bangkok Don Mueang|Bangkok|TH
HKT|Phuket|Phuket|TH
CGK|Jakarta|Jakarta|ID
DPS|Bali Denpasar|Bali|ID
MNL|Manila|Manila|PH
CEB|Cebu|Cebu|PH
SGN|Ho Chi Minh City|Ho Chi Minh City|VN
HAN|Hanoi|Hanoi|VN
DAD|Da Nang|Da Nang|VN
PNH|Phnom Penh|Phnom Penh|KH
RGN|Yangon|Yangon|MM
HKG|Hong Kong|Hong Kong|HK
MFM|Macau|Macau|MO
TPE|Taipei Taoyuan|Taipei|TW
PEK|Beijing Capital|Beijing|CN
PKX|Beijing Daxing|Beijing|CN
PVG|Shanghai Pudong|Shanghai|CN
SHA|Shanghai Hongqiao|Shanghai|CN
CAN|Guangzhou|Guangzhou|CN
SZX|Shenzhen|Shenzhen|CN
CTU|Chengdu Shuangliu|Chengdu|CN
TFU|Chengdu Tianfu|Chengdu|CN
XIY|Xi'an|Xi'an|CN
CKG|Chongqing|Chongqing|CN
ICN|Seoul Incheon|Seoul|KR
GMP|Seoul Gimpo|Seoul|KR
PUS|Busan|Busan|KR
NRT|Tokyo Narita|Tokyo|JP
HND|Tokyo Haneda|Tokyo|JP
KIX|Osaka Kansai|Osaka|JP
ITM|Osaka Itami|Osaka|JP
NGO|Nagoya|Nagoya|JP
FUK|Fukuoka|Fukuoka|JP
CTS|Sapporo|Sapporo|JP
OKA|Okinawa|Naha|JP
SYD|Sydney|Sydney|AU
MEL|Melbourne|Melbourne|AU
BNE|Brisbane|Brisbane|AU
PER|Perth|Perth|AU
ADL|Adelaide|Adelaide|AU
OOL|Gold Coast|Gold Coast|AU
CNS|Cairns|Cairns|AU
AKL|Auckland|Auckland|NZ
CHC|Christchurch|Christchurch|NZ
WLG|Wellington|Wellington|NZ
ZQN|Queenstown|Queenstown|NZ
NAN|Nadi|Nadi|FJ
PPT|Tahiti|Papeete|PF
"""


def _load(table: str) -> dict[str, Airport]:
    airports: dict[str, Airport] = {}
    for row in table.strip().splitlines():
        code, name, city, country = row.split("|")
        airports[code] = Airport(code, name, city, country)
    return airports


AIRPORTS: Final[dict[str, Airport]] = _load(_TABLE)
"""The known airports by IATA code."""


def airport(code: str) -> Airport | None:
    """Look up an airport by its IATA code (case and padding ignored).

    Args:
        code: Three-letter IATA location code.

    Returns:
        The airport, or None when it is not in the table.
    """
    return AIRPORTS.get(code.strip().upper())


def airport_name(code: str) -> str:
    """The airport's short display name, or the code itself when unknown."""
    found = airport(code)
    return found.name if found else code.strip().upper()


def city_name(code: str) -> str:
    """The city an airport serves, for speech; the code itself when unknown."""
    found = airport(code)
    return found.city if found else code.strip().upper()
