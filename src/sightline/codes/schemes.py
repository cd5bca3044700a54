"""National payment schemes built on the EMVCo merchant-presented QR format, and whom a code pays.

A scheme is recognised by the globally unique identifier (sub-tag 00) of a merchant account
template (tags 26–51): Brazil's Pix ("br.gov.bcb.pix"), Vietnam's NAPAS/VietQR (A000000727),
Thailand's PromptPay (A000000677), Malaysia's DuitNow (A000000615), Singapore's PayNow and SGQR,
Indonesia's QRIS, the Philippines' QR Ph, India's NPCI (A000000524), Laos (A000000540 LAPNet),
or, for Cambodia's Bakong KHQR, by a Bakong account id ("name@bank") in sub-tag 00. A scheme
says the code's country and currency when the code leaves them out (a personal transfer code
often does) and which sub-tag holds the payee's account.

Sources: BCB "Manual de Padrões para Iniciação do Pix" (BR Code), NAPAS "QR Code Format"
(VietQR, template 38), Bank of Thailand Thai QR Code Payment Standard, PayNet DuitNow QR,
MAS SGQR specification, Bank Indonesia QRIS, BSP QR Ph, NBC KHQR.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from sightline.codes.errors import PaymentCodeError
from sightline.codes.tlv import parse_tlv


@dataclass(frozen=True, slots=True)
class Scheme:
    """One national (or network) scheme.

    Attributes:
        name: How the wearer knows it ("Pix", "VietQR").
        country: ISO 3166-1 alpha-2 country.
        currency: ISO 4217 numeric code of its home currency.
        account_tags: Sub-tags of its template holding the payee's account, in order of use.
    """

    name: str
    country: str
    currency: str
    account_tags: tuple[str, ...] = ("01", "02", "03", "04")


PIX: Final = Scheme("Pix", "BR", "986", ("01", "25"))
VIETQR: Final = Scheme("VietQR", "VN", "704", ("01",))
PROMPTPAY: Final = Scheme("PromptPay", "TH", "764", ("01", "02", "03", "04"))
DUITNOW: Final = Scheme("DuitNow", "MY", "458", ("02", "01"))
PAYNOW: Final = Scheme("PayNow", "SG", "702", ("02",))
SGQR: Final = Scheme("SGQR", "SG", "702", ("01",))
QRIS: Final = Scheme("QRIS", "ID", "360", ("01", "02"))
QRPH: Final = Scheme("QR Ph", "PH", "608", ("03", "04", "01", "02"))
NPCI: Final = Scheme("Bharat QR", "IN", "356", ("01", "02"))
LAOQR: Final = Scheme("Lao QR", "LA", "418", ("03", "02", "01"))
KHQR: Final = Scheme("Bakong KHQR", "KH", "116", ("00",))

_GUIDS: Final = (
    ("BR.GOV.BCB.PIX", PIX),
    ("A000000727", VIETQR),
    ("A000000677", PROMPTPAY),
    ("A000000615", DUITNOW),
    ("SG.PAYNOW", PAYNOW),
    ("SG.SGQR", SGQR),
    ("SG.COM.NETS", SGQR),
    ("ID.CO.QRIS", QRIS),
    ("COM.P2PQRPAY", QRPH),
    ("PH.PPMI", QRPH),
    ("A000000524", NPCI),
    ("A000000540", LAOQR),
)

COUNTRY_CURRENCY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "BR": "986", "VN": "704", "TH": "764", "MY": "458", "SG": "702", "ID": "360",
        "PH": "608", "IN": "356", "KH": "116", "LA": "418", "MM": "104", "HK": "344",
        "CN": "156", "JP": "392", "KR": "410", "MX": "484", "PE": "604", "CO": "170",
        "CL": "152", "NP": "524", "LK": "144", "BD": "050", "PK": "586", "AE": "784",
    }
)  # fmt: skip
"""A country's only currency, for a code that names its country but not its currency."""

VIETNAM_BANKS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "970436": "Vietcombank", "970415": "VietinBank", "970418": "BIDV",
        "970405": "Agribank", "970407": "Techcombank", "970422": "MB Bank",
        "970416": "ACB", "970432": "VPBank", "970423": "TPBank", "970403": "Sacombank",
        "970441": "VIB", "970443": "SHB", "970437": "HDBank", "970448": "OCB",
    }
)  # fmt: skip
"""NAPAS bank identification numbers (BIN) of the largest Vietnamese banks."""


@dataclass(frozen=True, slots=True)
class PayeeAccount:
    """The account a code pays, as its scheme names it.

    Attributes:
        scheme: The scheme, None for a template of an unknown scheme.
        tag: The merchant account template (26–51) or card network tag (02–25) it is in.
        account: The account identifier (a Pix key, a bank account, a phone number, ...).
        label: How a card shows it ("Pix key x@y.br", "Vietcombank 0011001932418").
    """

    scheme: Scheme | None
    tag: str
    account: str
    label: str


def scheme_of(template: Mapping[str, str]) -> Scheme | None:
    """The scheme a merchant account template belongs to, None when it is not one we know."""
    guid = template.get("00", "").strip().upper()
    for prefix, scheme in _GUIDS:
        if guid.startswith(prefix):
            return scheme
    if "@" in guid and " " not in guid:
        return KHQR
    return None


def _vietqr(template: Mapping[str, str]) -> tuple[str, str] | None:
    bank = template.get("01", "")
    try:
        parts = {obj.tag: obj.value for obj in parse_tlv(bank, where="VietQR bank information")}
    except PaymentCodeError:  # a bank block that is not a template is the account itself
        return (bank, f"account {bank}") if bank.strip() else None
    account = parts.get("01", "").strip()
    if not account:
        return None
    bin_ = parts.get("00", "")
    return account, f"{VIETNAM_BANKS.get(bin_, f'bank {bin_}' if bin_ else 'bank')} {account}"


def _generic(scheme: Scheme | None, template: Mapping[str, str]) -> tuple[str, str] | None:
    tags = scheme.account_tags if scheme is not None else ()
    rest = [t for t in sorted(template) if t != "00" and t not in tags]
    for tag in (*tags, *rest):
        value = template.get(tag, "").strip()
        if value:
            prefix = f"{scheme.name} " if scheme is not None else ""
            if scheme is PIX and tag == "01":
                prefix = "Pix key "
            return value, f"{prefix}{value}"
    return None


def payee_account(
    merchant_accounts: Mapping[str, Mapping[str, str]],
    card_network_accounts: Mapping[str, str],
    proprietary_accounts: Mapping[str, str],
) -> PayeeAccount | None:
    """The account a code pays: the first template of a known scheme with an account in it,
    else the first template with any value besides its identifier, else a card network
    account, else a proprietary (not template-shaped) account value. None when there is none.
    """
    known: list[PayeeAccount] = []
    unknown: list[PayeeAccount] = []
    for tag in sorted(merchant_accounts):
        template = merchant_accounts[tag]
        scheme = scheme_of(template)
        found = _vietqr(template) if scheme is VIETQR else None
        found = found or _generic(scheme, template)
        if scheme is KHQR:
            guid = template.get("00", "").strip()
            found = (guid, f"Bakong {guid}")
        if found is not None:
            target = known if scheme is not None else unknown
            target.append(PayeeAccount(scheme, tag, *found))
    for tag in sorted(card_network_accounts):
        value = card_network_accounts[tag].strip()
        if value:
            unknown.append(PayeeAccount(None, tag, value, f"card network account {value}"))
    for tag in sorted(proprietary_accounts):
        value = proprietary_accounts[tag].strip()
        if value:
            unknown.append(PayeeAccount(None, tag, value, f"account {value[:40]}"))
    accounts = known or unknown
    return accounts[0] if accounts else None


def national_scheme(merchant_accounts: Mapping[str, Mapping[str, str]]) -> Scheme | None:
    """The first known scheme among a code's merchant account templates."""
    for tag in sorted(merchant_accounts):
        scheme = scheme_of(merchant_accounts[tag])
        if scheme is not None:
            return scheme
    return None
