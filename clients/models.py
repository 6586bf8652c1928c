from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Vulnerability(models.Model):
    """Reference data an admin edits: the vulnerabilities intake records."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferenceSequence(models.Model):
    """The last client number handed out each year (JC-2026-00042)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class LiveManager(models.Manager):
    """Records not deleted. The default manager, so related lists hide deleted rows."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletable(models.Model):
    """Deleted by mistake can be restored: deleting marks the row; only an admin purges it."""

    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveManager()  # first, so it is the default (and related) manager
    all_objects = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True


class ClientOwned:
    """Records that belong to one client: the audit trail files their entries under it."""

    def get_additional_data(self) -> dict:
        return {"client_id": self.client_id}


class Client(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other / self-described")
        UNKNOWN = "unknown", _("Not stated")

    class ImmigrationStatus(models.TextChoices):
        RECOGNIZANCE = "recognizance", _("Recognizance")
        DETAINED = "detained", _("Detained")
        OVERSTAYER = "overstayer", _("Overstayer")
        VISITOR = "visitor", _("Visitor")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class IntakeSource(models.TextChoices):
        WALK_IN = "walk_in", _("Walk-in")
        PARTNER = "partner", _("Referral from a partner")
        OUTREACH = "outreach", _("Outreach")
        HOTLINE = "hotline", _("Hotline or email")
        DETENTION = "detention", _("Detention visit")
        OTHER = "other", _("Other")

    class District(models.TextChoices):
        CENTRAL_WESTERN = "central_western", _("Central and Western")
        WAN_CHAI = "wan_chai", _("Wan Chai")
        EASTERN = "eastern", _("Eastern")
        SOUTHERN = "southern", _("Southern")
        YAU_TSIM_MONG = "yau_tsim_mong", _("Yau Tsim Mong")
        SHAM_SHUI_PO = "sham_shui_po", _("Sham Shui Po")
        KOWLOON_CITY = "kowloon_city", _("Kowloon City")
        WONG_TAI_SIN = "wong_tai_sin", _("Wong Tai Sin")
        KWUN_TONG = "kwun_tong", _("Kwun Tong")
        KWAI_TSING = "kwai_tsing", _("Kwai Tsing")
        TSUEN_WAN = "tsuen_wan", _("Tsuen Wan")
        TUEN_MUN = "tuen_mun", _("Tuen Mun")
        YUEN_LONG = "yuen_long", _("Yuen Long")
        NORTH = "north", _("North")
        TAI_PO = "tai_po", _("Tai Po")
        SHA_TIN = "sha_tin", _("Sha Tin")
        SAI_KUNG = "sai_kung", _("Sai Kung")
        ISLANDS = "islands", _("Islands")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given names"), max_length=150, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    sex = models.CharField(_("sex / gender"), max_length=10, choices=Sex, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(_("date of birth is estimated"), default=False)
    nationality = CountryField(_("nationality"), blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("Comma separated.")
    )
    preferred_language = models.CharField(_("preferred language"), max_length=50, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    arrival_date = models.DateField(_("arrival in Hong Kong"), null=True, blank=True)
    immigration_status = models.CharField(
        _("immigration status"),
        max_length=20,
        choices=ImmigrationStatus,
        default=ImmigrationStatus.RECOGNIZANCE,
    )
    immd_file_number = models.CharField(
        _("Immigration Department file number"), max_length=40, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    district = models.CharField(_("district"), max_length=20, choices=District, blank=True)
    vulnerabilities = models.ManyToManyField(
        Vulnerability, blank=True, related_name="clients", verbose_name=_("vulnerabilities")
    )
    intake_date = models.DateField(_("intake date"), default=timezone.localdate)
    intake_source = models.CharField(
        _("intake source"), max_length=20, choices=IntakeSource, default=IntakeSource.WALK_IN
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.INTAKE, db_index=True
    )
    closure_reason = models.TextField(_("closure reason"), blank=True)
    closure_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closure approved by"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set when the retention period passed and identifying data was removed (statistics stay).
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="clients_created",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(fields=["family_name", "given_name"], name="client_name_idx"),
            models.Index(fields=["immd_file_number"], name="client_file_number_idx"),
            models.Index(fields=["nationality"], name="client_nationality_idx"),
            models.Index(fields=["intake_date"], name="client_intake_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="client_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.reference})"

    def get_absolute_url(self) -> str:
        return reverse("clients:detail", args=[self.reference])

    def get_additional_data(self) -> dict:
        return {"client_id": self.pk}

    @property
    def display_name(self) -> str:
        name = f"{self.family_name.upper()}, {self.given_name}".rstrip(", ")
        if self.preferred_name:
            name += f" “{self.preferred_name}”"
        return name


class ClientAlias(ClientOwned, SoftDeletable):
    """Other names and spellings the client is or was known by (transliterations too)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="alias_name_idx")]

    def __str__(self) -> str:
        return self.name


class Dependant(ClientOwned, SoftDeletable):
    """A member of the client's household."""

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other relative")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="dependants")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    in_hong_kong = models.BooleanField(_("in Hong Kong"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClientAssignment(ClientOwned, models.Model):
    """Who works on a client, as lead or support, from when to when. Ended, never deleted."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORT = "support", _("Support")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("caseworker"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.LEAD)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(role="lead", ended_on__isnull=True),
                name="one_current_lead_per_client",
                violation_error_message=_("This client already has a lead caseworker."),
            ),
            models.UniqueConstraint(
                fields=["client", "worker"],
                condition=Q(ended_on__isnull=True),
                name="one_current_assignment_per_worker",
                violation_error_message=_("This caseworker is already assigned to the client."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["worker", "client"],
                # The role too (PostgreSQL only): the supervision caseload counts each
                # worker's clients, and lead clients, from the index alone.
                include=["role"],
                condition=Q(ended_on__isnull=True),
                name="assignment_current_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} ({self.get_role_display()}) on {self.client_id}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Consent(ClientOwned, models.Model):
    """A consent given or withdrawn. The latest record of a kind (and partner) is in force."""

    class Kind(models.TextChoices):
        DATA_PROCESSING = "data_processing", _("Processing of personal data")
        REFERRAL_SHARING = "referral_sharing", _("Sharing with a referral partner")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Written, signed")
        VERBAL = "verbal", _("Verbal")
        VERBAL_INTERPRETER = "verbal_interpreter", _("Verbal, through an interpreter")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=20, choices=Kind)
    scope = models.CharField(
        _("with whom / for what"),
        max_length=200,
        blank=True,
        help_text=_("For sharing: the partner or purpose the consent covers."),
    )
    partner = models.ForeignKey(
        "referrals.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("partner"),
        help_text=_("For sharing: the partner the consent covers. Referrals need this."),
    )
    given = models.BooleanField(_("given"), default=True, help_text=_("Untick for withdrawal."))
    on = models.DateField(_("date"), default=timezone.localdate)
    method = models.CharField(_("how"), max_length=20, choices=Method)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-on", "-recorded_at"]

    def __str__(self) -> str:
        state = _("given") if self.given else _("withdrawn")
        return f"{self.get_kind_display()}: {state} {self.on}"


class CaseNote(ClientOwned, SoftDeletable):
    """A dated note. Psychosocial notes are need-to-know (see clients.access)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        LEGAL = "legal", _("Legal")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.GENERAL)
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="note_client_recent_idx"),
            # A worker's latest notes (the dashboard), without sorting all they ever wrote.
            models.Index(fields=["author", "-created_at"], name="note_author_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note by {self.author} on {self.created_at:%Y-%m-%d}"

    @property
    def was_edited(self) -> bool:
        return (self.updated_at - self.created_at).total_seconds() > 60


def document_upload_to(instance: "Document", filename: str) -> str:
    # The stored name carries no client name or original filename: only ids and a token.
    import secrets

    return f"clients/{instance.client_id}/{secrets.token_hex(16)}"


class Document(ClientOwned, SoftDeletable):
    class Category(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        IMMIGRATION = "immigration", _("Immigration papers")
        CLAIM = "claim", _("Claim form or decision")
        EVIDENCE = "evidence", _("Evidence")
        MEDICAL = "medical", _("Medical report")
        CORRESPONDENCE = "correspondence", _("Correspondence")
        OTHER = "other", _("Other")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="documents")
    category = models.CharField(_("category"), max_length=20, choices=Category)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clients:document_download", args=[self.client.reference, self.pk])
