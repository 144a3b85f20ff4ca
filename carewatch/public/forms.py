from django import forms

from carewatch.core import dates
from carewatch.register import finder, queries
from carewatch.register.importers.records import RATED

SEARCH_TEXT_LIMIT = 200


class SearchForm(forms.Form):
    """Find a care service. Every filter is one of the choices offered: anything else is an error on the
    page, never a silent search of the whole register."""

    q = forms.CharField(
        required=False,
        max_length=SEARCH_TEXT_LIMIT,
        label="Name, town, postcode or CQC ID",
        error_messages={"max_length": f"Search text must be {SEARCH_TEXT_LIMIT} characters or fewer"},
    )
    la = forms.ChoiceField(
        required=False,
        label="Local authority",
        error_messages={"invalid_choice": "Choose a local authority from the list"},
    )
    icb = forms.ChoiceField(
        required=False,
        label="Integrated care board",
        error_messages={"invalid_choice": "Choose an integrated care board from the list"},
    )
    region = forms.ChoiceField(
        required=False, label="Region", error_messages={"invalid_choice": "Choose a region from the list"}
    )
    service = forms.ChoiceField(
        required=False,
        label="Service type",
        error_messages={"invalid_choice": "Choose a service type from the list"},
    )
    rating = forms.ChoiceField(
        required=False,
        label="Overall rating",
        choices=[("", "Any rating"), *((r, r) for r in RATED), ("unrated", "Not yet rated")],
        error_messages={"invalid_choice": "Choose a rating from the list"},
    )
    status = forms.ChoiceField(
        required=False,
        label="Registration",
        choices=[
            ("active", "Active (registered, not dormant)"),
            ("registered", "Registered"),
            ("all", "All, including deregistered"),
        ],
        error_messages={"invalid_choice": "Choose a registration status from the list"},
    )
    other = forms.BooleanField(
        required=False,
        label="Include services that are not adult social care, such as GP practices and dentists",
    )
    without_suspended = forms.BooleanField(
        required=False, label="Hide services with new placements suspended"
    )

    def __init__(self, *args, choices: queries.FilterChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        for name, options in (
            ("la", choices["local_authorities"]),
            ("icb", choices["icbs"]),
            ("region", choices["regions"]),
            ("service", [(name, name) for name in choices["service_types"]]),
        ):
            self._field(name).choices = [("", ""), *options]

    def _field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def full_clean(self) -> None:
        # A council abolished since (linked from the market figures as at a past date) is not offered
        # in the list but may still be searched.
        code = self.data.get("la") if self.is_bound else None
        field = self._field("la")
        if code and not field.valid_value(code) and queries.local_authority_known(code):
            field.choices = [*self.choices["local_authorities"], (code, code)]
        super().full_clean()

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
            other_services=data["other"],
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


class _AnyChoices(forms.MultipleChoiceField):
    """Checkboxes whose values ``finder.parse_query`` checks (one set of words for the page and the API)."""

    def valid_value(self, value: str) -> bool:
        return True


class FinderForm(forms.Form):
    """Find care near a place. The fields are for the page; ``finder.parse_query`` reads the query
    string, so the page and ``/api/v1/services`` accept and refuse exactly the same things."""

    near = forms.CharField(required=False, label="Postcode, town or council")
    within = forms.CharField(required=False, label="Distance")
    type = _AnyChoices(
        required=False,
        label="Type of care",
        choices=[(slug, label) for slug, (label, _) in finder.KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    need = _AnyChoices(
        required=False,
        label="Needs",
        choices=[(slug, label) for slug, (label, _) in finder.NEEDS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    rating = forms.CharField(required=False, label="Overall CQC rating")
    safe = forms.CharField(required=False, label="Safe")
    effective = forms.CharField(required=False, label="Effective")
    caring = forms.CharField(required=False, label="Caring")
    responsive = forms.CharField(required=False, label="Responsive")
    well_led = forms.CharField(required=False, label="Well-led")
    rated_recently = forms.CharField(required=False, label=f"Rated in the last {finder.RECENT_YEARS} years")
    vacancies = forms.CharField(required=False, label=finder.NOT_YET_HELD["vacancies"][0])
    quality_mark = forms.CharField(required=False, label=finder.NOT_YET_HELD["quality_mark"][0])
    commitment = forms.CharField(required=False, label=finder.NOT_YET_HELD["commitment"][0])

    query: finder.Query | None = None
    page_problem = ""  # the page number is not a field: said above the form

    def clean(self):
        try:
            self.query = finder.parse_query(self.data)
        except finder.QueryError as problem:
            self.put_problems(problem)
        return self.cleaned_data

    def put_problems(self, error: finder.QueryError) -> None:
        for problem in error.problems:
            if problem.field in self.fields:
                self.add_error(problem.field, problem.message)
            else:
                self.page_problem = problem.message
