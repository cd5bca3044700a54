"""Payments: what the payment agent pays (merchant QR codes, contacts, billers) and how much.

The money itself only moves through the confirmation gate (`sightline.confirm`), which owns
the `WalletProvider`; see docs/payments.md.
"""
