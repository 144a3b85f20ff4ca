"""Forms for signing in and resetting a password: validation and GOV.UK error messages only, no writes."""

import re

from django import forms
from django.contrib.auth import forms as auth_forms


class SignInForm(auth_forms.AuthenticationForm):
    """Username and password. ``clean`` calls ``authenticate(request=...)``, so django-axes counts failures."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class AuthenticatorCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows. Spaces are allowed (some apps show "123 456")."""

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("The code must be 6 numbers")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes shown once at set-up. Case, spaces and hyphens do not matter."""

    code = forms.CharField(
        label="Enter a recovery code", error_messages={"required": "Enter a recovery code"}
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class NewPasswordForm(auth_forms.SetPasswordForm):
    """A new password, twice. The view saves it through a service, not through ``save()``."""

    error_messages = {"password_mismatch": "The passwords do not match. Enter the same password twice."}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
