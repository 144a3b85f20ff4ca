"""The token form: validation and GOV.UK error messages only; the service does the writing."""

from django import forms

from carewatch.core import token_services
from carewatch.core.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=token_services.NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": f"Name must be {token_services.NAME_MAX_LENGTH} characters or fewer",
        },
    )
    scope = forms.ChoiceField(
        label="What may the token do?",
        choices=ApiToken.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the token may do",
            "invalid_choice": "Select what the token may do",
        },
    )
