from django import forms

from carewatch.core import dates
from carewatch.register import queries
from carewatch.register.importers.records import RATED


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Name, postcode or CQC ID")
    la = forms.CharField(required=False, label="Local authority")
    icb = forms.CharField(required=False, label="Integrated care board")
    region = forms.CharField(required=False, label="Region")
    service = forms.CharField(required=False, label="Service type")
    rating = forms.ChoiceField(
        required=False,
        label="Overall rating",
        choices=[("", "Any rating"), *((r, r) for r in RATED), ("unrated", "Not yet rated")],
    )
    status = forms.ChoiceField(
        required=False,
        label="Registration",
        choices=[
            ("active", "Active (registered, not dormant)"),
            ("registered", "Registered"),
            ("all", "All, including deregistered"),
        ],
    )

    without_suspended = forms.BooleanField(
        required=False, label="Hide services with new placements suspended"
    )

    def criteria(self, *, suspended_ids: frozenset[str] = frozenset()) -> queries.SearchCriteria:
        data = self.cleaned_data
        return queries.SearchCriteria(
            exclude_ids=suspended_ids if data.get("without_suspended") else frozenset(),
            text=data["q"],
            local_authority=data["la"],
            icb=data["icb"],
            region=data["region"],
            service_type=data["service"],
            rating=data["rating"],
            status=data["status"] or "active",
        )


class MarketForm(forms.Form):
    by = forms.ChoiceField(
        required=False,
        label="Compare",
        choices=[
            ("la", "Local authorities"),
            ("icb", "Integrated care boards"),
            ("region", "Regions"),
            ("england", "England"),
        ],
    )
    service = forms.ChoiceField(
        required=False,
        label="Services",
        choices=[("care-homes", "Care homes"), ("home-care", "Home care"), ("all", "All adult social care")],
    )
    as_of = dates.IsoDateField(required=False, label="As at", what="The ‘as at’ date")
