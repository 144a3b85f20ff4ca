"""GOV.UK Design System form fields shared by every app."""

from __future__ import annotations

from datetime import date

from django import forms


class DateWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__(
            widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs=attrs
        )

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year (``<name>_day``, ``<name>_month``, ``<name>_year``).

    Rendered by ``core/govuk/_date_input.html``; an impossible date is "must be a real date".
    """

    widget = DateWidget

    def __init__(self, *, what: str = "the date", **kwargs):
        self.what = what
        kwargs.setdefault(
            "error_messages",
            {"required": f"Enter {what}", "incomplete": f"Enter {what} as a day, month and year"},
        )
        super().__init__(
            fields=(forms.IntegerField(), forms.IntegerField(), forms.IntegerField()),
            require_all_fields=False,
            **kwargs,
        )

    def clean(self, value):
        parts = [str(part).strip() if part not in (None, "") else "" for part in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        if not all(parts):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(part) for part in parts)
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                f"{self.what.capitalize()} must be a real date", code="invalid"
            ) from None

    def compress(self, data_list):  # pragma: no cover - clean() above does the work
        return None
