"""Plain forms that check the shape of what people type; the rules live in services."""

from typing import cast

from django import forms

from carewatch.core.roles import ROLES_BY_KIND, OrganisationKind, Role


class PersonForm(forms.Form):
    """A new person: who they are, and (for an organisation administrator) which roles they hold."""

    username = forms.CharField(
        max_length=150,
        label="Username",
        help_text="They sign in with this. Letters, digits and @ . + - _ only.",
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(
        max_length=150, label="First name", error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        max_length=150, label="Last name", error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will email them a link to set their own password.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role"},
    )

    def __init__(self, *args, organisation_kind: str, with_roles: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_roles:
            cast(forms.ChoiceField, self.fields["roles"]).choices = role_choices(organisation_kind)
        else:
            del self.fields["roles"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not all(c.isalnum() or c in "@.+-_" for c in username):
            raise forms.ValidationError("Use only letters, digits and @ . + - _ in a username")
        return username


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role"},
    )

    def __init__(self, *args, organisation_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["roles"]).choices = role_choices(organisation_kind)


class FourEyesForm(forms.Form):
    four_eyes = forms.ChoiceField(
        label="Must a second person make every decision that someone proposed?",
        choices=[
            ("yes", "Yes: the person who proposed a decision cannot make it (recommended)"),
            ("no", "No: our team is too small, so people may decide what they proposed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a second person must make each decision"},
    )


class PublicContactForm(forms.Form):
    public_phone = forms.CharField(
        required=False,
        max_length=40,
        label="Phone number",
        error_messages={"max_length": "Phone number must be 40 characters or fewer"},
    )
    public_email = forms.CharField(
        required=False,
        max_length=200,
        label="Email address",
        error_messages={"max_length": "Email address must be 200 characters or fewer"},
    )


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of organisation"},
    )
    local_authority_code = forms.CharField(
        required=False,
        max_length=9,
        label="Local authority ONS code",
        help_text="For example, E08000004 for Oldham",
    )
    icb_code = forms.CharField(
        required=False,
        max_length=9,
        label="ICB ONS code",
        help_text="For example, E54000057 for NHS Greater Manchester",
    )
    provider_id = forms.CharField(
        required=False, max_length=20, label="CQC provider ID", help_text="For example, 1-101641521"
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        label="Name",
        help_text="Leave blank to use the name of the council, ICB or provider. A national body needs a name.",
    )


class PartnersForm(forms.Form):
    partners = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        label="Which organisations does this council share its intelligence with?",
        help_text="They will see its visits, findings and cases. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partners"]).choices = [
            (o.pk, f"{o.name} ({OrganisationKind(o.kind).label})") for o in choices
        ]


def role_choices(organisation_kind: str) -> list[tuple[str, str]]:
    return [(role, Role(role).label) for role in ROLES_BY_KIND.get(organisation_kind, ())]
