"""Filters on the public pages that only signed-in council staff see (the public never gets them).

Kept apart from ``public.forms`` (the public's own filters): a staff filter reads the council's
commercial records (capacity's contracts), so the view adds it only for council staff.
"""

from __future__ import annotations

from django import forms


class ContractFilterForm(forms.Form):
    in_contract = forms.BooleanField(required=False, label="In contract with my council")
