from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from carewatch.core.roles import OrganisationKind, Role


class InsertOnly(models.Model):
    """Rows written once and never changed or deleted by the application (every status history).

    On PostgreSQL a trigger refuses updates and deletes as well (``carewatch.core.db``), so even code
    that bypasses ``save()`` cannot rewrite history.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are insert-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows are insert-only")


class Organisation(models.Model):
    """A council, ICB, care provider or national body whose people use carewatch."""

    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200, unique=True)
    local_authority = models.OneToOneField(
        "register.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="council"
    )
    icb = models.OneToOneField(
        "register.Icb", on_delete=models.PROTECT, null=True, blank=True, related_name="organisation"
    )
    provider = models.OneToOneField(
        "register.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="organisation"
    )
    # Councils share intelligence with partners they name (their ICB, councils placing people with a provider).
    partners = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="shared_with_us")
    # Four-eyes (docs/access.md): whoever proposed a decision (a case proposal, feedback recorded on a
    # visit) cannot also make it. On unless the organisation's administrator switches it off (a small team).
    four_eyes = models.BooleanField(
        default=True, help_text="The person who proposed a decision cannot also make it"
    )
    # How the public reach a council's adult social care team (the feedback thank-you page); its own
    # administrator sets them. Blank: the page points to GOV.UK's council finder instead.
    public_phone = models.CharField(max_length=40, blank=True)
    public_email = models.EmailField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="organisation_kind_has_its_link",
                condition=(
                    Q(
                        kind=OrganisationKind.COUNCIL,
                        local_authority__isnull=False,
                        icb__isnull=True,
                        provider__isnull=True,
                    )
                    | Q(
                        kind=OrganisationKind.ICB,
                        icb__isnull=False,
                        local_authority__isnull=True,
                        provider__isnull=True,
                    )
                    | Q(
                        kind=OrganisationKind.PROVIDER,
                        provider__isnull=False,
                        local_authority__isnull=True,
                        icb__isnull=True,
                    )
                    | Q(
                        kind=OrganisationKind.NATIONAL,
                        local_authority__isnull=True,
                        icb__isnull=True,
                        provider__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: one organisation, one or more roles (system administrators: none needed)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    # How letters sign the person off ("Quality assurance manager"); set on the account details page.
    job_title = models.CharField(max_length=100, blank=True)

    class Meta:
        db_table = "core_user"

    @property
    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_cache"):
            self._role_cache = set(self.role_grants.values_list("role", flat=True)) if self.pk else set()
        return self._role_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names & set(roles))


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user} {self.role}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit entries are append-only")

    def delete(self):
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """One write (or a view of a safeguarding record), recorded by the service that did it.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger refuses them too.
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField(max_length=200)  # "import-cqc (command line)", a user's name …
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=100)  # dotted: "register.snapshot_imported", "case.viewed"
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")


class ApiToken(models.Model):
    """A token for the REST API: only its hash is stored; scopes are read or read-and-write."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)  # shown to people, to tell tokens apart
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 of the secret
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
