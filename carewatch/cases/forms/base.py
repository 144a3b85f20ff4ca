"""The base of the ladder's forms: errors that know where they point, for the GOV.UK error summary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms import BoundField


class Form(forms.Form):
    """A form whose errors know where they point, for the GOV.UK error summary."""

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error: the field's first input, or the first field for the whole form."""
        links = []
        fields = self.visible_fields()
        for message in self.non_field_errors():
            links.append((_anchor(fields[0]) if fields else "", str(message)))
        for bound in fields:
            if bound.errors:
                links.append((_anchor(bound), str(bound.errors[0])))
        return links

    def set_choices(self, name: str, choices: Iterable[tuple[Any, str]]) -> None:
        """Give a choice field the choices known only when the form is made (levels, owners, letters …)."""
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} is not a choice field")
        field.choices = list(choices)


def _anchor(bound: BoundField) -> str:
    return bound.id_for_label or f"{bound.auto_id}_0"
