"""The result model of the EMV merchant-presented QR parser.

Field names mirror the dev vectors (`emv_dev.jsonl`): templates are decomposed into
dicts of sub-tag → value; primitive values are kept exactly as encoded.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from sightline.codes.currency import Currency, currency_by_numeric

STATIC: str = "11"
DYNAMIC: str = "12"


class MerchantQr(BaseModel):
    """A parsed EMVCo merchant-presented mode QR payload.

    Attributes:
        payload: The payload, unchanged.
        payload_format: Tag 00, always "01".
        point_of_initiation: Tag 01: "11" static, "12" dynamic, None when absent.
        card_network_accounts: Tags 02–25 (primitive merchant account information reserved
            for card networks: Visa, Mastercard, ...), tag → value.
        merchant_accounts: Tags 26–51 (merchant account information templates), tag →
            {sub-tag → value}; sub-tag "00" is the scheme's globally unique identifier.
        mcc: Tag 52, merchant category code as encoded, None when absent (national transfer
            codes such as PromptPay and VietQR leave it out).
        currency: Tag 53, ISO 4217 numeric currency code (3 digits); when the code leaves it
            out, its scheme's (or country's) currency; an alphabetic tag 53 is converted.
        currency_from_scheme: True when the code had no tag 53 and `currency` is the scheme's.
        amount: Tag 54, transaction amount as encoded ("23.72"); None when the payer enters
            it (absent, empty or zero: a zero amount marks a static code too).
        tip_or_convenience_indicator: Tag 55: "01" prompt for tip, "02" fixed fee in
            `convenience_fee_fixed`, "03" percentage fee in `convenience_fee_percentage`.
        convenience_fee_fixed: Tag 56.
        convenience_fee_percentage: Tag 57.
        country: Tag 58, ISO 3166-1 alpha-2 country code (the scheme's when absent; None
            when neither says).
        merchant_name: Tag 59 (None or blank where the scheme names the payee by account).
        merchant_city: Tag 60.
        postal_code: Tag 61.
        additional_data: Tag 62 template (bill number 01, mobile 02, store 03, loyalty 04,
            reference 05, customer 06, terminal 07, purpose 08, consumer data request 09, ...).
        merchant_information_language: Tag 64 template (language 00, name 01, city 02).
        rfu: Tags 65–79 (reserved for future use by EMVCo), kept raw and otherwise ignored.
        unreserved: Tags 80–99, raw values.
        unreserved_templates: Tags 80–99 whose value decomposes as a template.
        proprietary_accounts: Templates 26–51 whose value is not made of data objects (kept
            raw; a proprietary account format).
        raw_templates: Tags 62 and 64 whose value is not made of data objects (kept raw).
        scheme: The national scheme the code belongs to ("Pix", "VietQR", ...), if known.
        payee_account: The account the code pays, as the scheme names it, if any.
        payee_label: How a card shows that account ("Pix key ...", "Vietcombank 0011...").
        crc: Tag 63 as encoded (upper or lower case hex).
        objects: Every top-level (tag, value) in payload order.
    """

    model_config = ConfigDict(frozen=True)

    payload: str
    payload_format: str
    point_of_initiation: str | None = None
    card_network_accounts: dict[str, str] = Field(default_factory=dict)
    merchant_accounts: dict[str, dict[str, str]] = Field(default_factory=dict)
    mcc: str | None = None
    currency: str
    currency_from_scheme: bool = False
    amount: str | None = None
    tip_or_convenience_indicator: str | None = None
    convenience_fee_fixed: str | None = None
    convenience_fee_percentage: str | None = None
    country: str | None = None
    merchant_name: str | None = None
    merchant_city: str | None = None
    postal_code: str | None = None
    additional_data: dict[str, str] = Field(default_factory=dict)
    merchant_information_language: dict[str, str] = Field(default_factory=dict)
    rfu: dict[str, str] = Field(default_factory=dict)
    unreserved: dict[str, str] = Field(default_factory=dict)
    unreserved_templates: dict[str, dict[str, str]] = Field(default_factory=dict)
    proprietary_accounts: dict[str, str] = Field(default_factory=dict)
    raw_templates: dict[str, str] = Field(default_factory=dict)
    scheme: str | None = None
    payee_account: str | None = None
    payee_label: str | None = None
    crc: str
    objects: tuple[tuple[str, str], ...] = ()

    @property
    def is_dynamic(self) -> bool:
        """True for a one-transaction code (point of initiation "12")."""
        return self.point_of_initiation == DYNAMIC

    @property
    def is_static(self) -> bool:
        """True unless the code is dynamic (an absent point of initiation counts as static)."""
        return not self.is_dynamic

    @property
    def currency_info(self) -> Currency | None:
        """The currency's alphabetic code and minor units, None if not in the table."""
        return currency_by_numeric(self.currency)

    @property
    def currency_alpha(self) -> str | None:
        """The alphabetic currency code, e.g. "CNY", None if not in the table."""
        info = self.currency_info
        return info.alpha if info is not None else None

    @property
    def amount_value(self) -> Decimal | None:
        """The amount as a Decimal, None when absent (zero counts as absent)."""
        value = Decimal(self.amount) if self.amount is not None else None
        return value if value else None

    @property
    def payee_name(self) -> str | None:
        """Whom the code pays, for a card: the merchant name, else the alternate-language
        name (tag 64), else the account label; None when the code names none of them."""
        for name in (
            self.merchant_name,
            self.merchant_information_language.get("01"),
            self.payee_label,
        ):
            if name is not None and name.strip():
                return " ".join(name.split())
        return None
