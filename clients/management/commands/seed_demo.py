"""Fictional demo data: staff, teams and a few hundred clients to explore the app with.

Every person, name, number and note below is invented. Run it as often as you like
(`make seed` does, before every `make run`): staff and teams are brought back to their
demo state, and clients are only added until `--clients` demo clients exist.
"""

import contextlib
import datetime
import importlib
import random
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import Team, User
from accounts.roles import Role
from clients.models import (
    CaseNote,
    Client,
    ClientAlias,
    ClientAssignment,
    Consent,
    Dependant,
    Document,
    ReferenceSequence,
    Vulnerability,
)

DEFAULT_CLIENTS = 300
# Above DEFAULT_CLIENTS the app seeders' bulk paths (`seed_bulk`) run too, so claims,
# deadlines and referrals grow with the clients; the default demo stays as it was.
# Progress bars show from this many rows on, and only on a terminal.
PROGRESS_FROM = 2000
WRITE_BATCH = 2000
# Demo data of the other apps, in dependency order; a module not written yet is skipped.
APP_SEEDERS = ("cases.demo", "cases.psychosocial_demo", "referrals.demo", "supervision.demo")
SEED = 2026
TEAM_A = "Legal and psychosocial team A"
TEAM_B = "Team B"
# Stored files cost disk and time: a demo needs a handful, a 100,000-client benchmark too.
MAX_CLIENTS_WITH_DOCUMENTS = 40
LEAD = ClientAssignment.Role.LEAD
SUPPORT = ClientAssignment.Role.SUPPORT


# --- Staff ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: Role
    team: str | None = None  # member of
    supervises: str | None = None


# Every demo account starts with "demo-" so that running this command against a real
# database can never reset the password of a real member of staff.
STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("demo-caseworker", "Cheung Hoi-ling", Role.LEGAL, team=TEAM_A),
    StaffSpec("demo-psychosocial", "Ho Sze-wing", Role.PSYCHOSOCIAL, team=TEAM_A),
    StaffSpec("demo-supervisor", "Margaret Lau Man-kei", Role.SUPERVISOR, supervises=TEAM_A),
    StaffSpec("demo-admin", "Tse Chi-keung", Role.ADMIN),
    StaffSpec("demo-wong-kayan", "Wong Ka-yan", Role.LEGAL, team=TEAM_A),
    StaffSpec("demo-chan-tszho", "Chan Tsz-ho", Role.PSYCHOSOCIAL, team=TEAM_A),
    StaffSpec("demo-farah-siddiqui", "Farah Siddiqui", Role.LEGAL, team=TEAM_B),
    StaffSpec("demo-joanna-fernandes", "Joanna Fernandes", Role.PSYCHOSOCIAL, team=TEAM_B),
    StaffSpec("demo-lam-meiling", "Lam Mei-ling", Role.SUPERVISOR, supervises=TEAM_B),
)
SIGN_IN_NOTES: dict[str, str] = {
    "demo-caseworker": "Legal caseworker",
    "demo-psychosocial": "Psychosocial caseworker",
    "demo-supervisor": "Supervisor",
    "demo-admin": "Admin (staff accounts and reference data; no client files)",
}
# Who leads the clients that are not the demo accounts' own, with relative caseloads.
OTHER_LEADS: dict[str, float] = {
    "demo-wong-kayan": 3,
    "demo-farah-siddiqui": 3,
    "demo-chan-tszho": 1.5,
    "demo-joanna-fernandes": 1.5,
}
# The colleague in the same team from the other discipline, for shared clients.
PARTNER_WORKER: dict[str, str] = {
    "demo-wong-kayan": "demo-chan-tszho",
    "demo-chan-tszho": "demo-wong-kayan",
    "demo-farah-siddiqui": "demo-joanna-fernandes",
    "demo-joanna-fernandes": "demo-farah-siddiqui",
}


# --- Where clients come from ------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    code: str
    country: str
    weight: float  # roughly the mix of claimants in Hong Kong
    female_share: float
    family_names: tuple[str, ...]
    male_names: tuple[str, ...]
    female_names: tuple[str, ...]
    language: str  # usual first language
    other_languages: tuple[str, ...]
    interpreter_share: float


# One line per field reads better than one per name: keep the formatter off this table.
# fmt: off
ORIGINS: tuple[Origin, ...] = (
    Origin(
        "VN", "Vietnam", 18, 0.35,
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"),
        ("Van Minh", "Van Hung", "Duc Anh", "Quoc Bao", "Van Thanh", "Minh Tuan", "Van Long"),
        ("Thi Lan", "Thi Hoa", "Thi Mai", "Thi Huong", "Thi Thu", "Ngoc Anh", "Thi Hanh"),
        "Vietnamese", ("Cantonese",), 0.95,
    ),
    Origin(
        "IN", "India", 14, 0.15,
        ("Singh", "Kumar", "Sharma", "Patel", "Das", "Gill", "Sandhu", "Verma"),
        ("Gurpreet", "Harjit", "Rajesh", "Sandeep", "Amandeep", "Jaswinder", "Vikram"),
        ("Manpreet", "Sunita", "Priya", "Harpreet", "Kavita"),
        "Punjabi", ("Hindi", "English"), 0.8,
    ),
    Origin(
        "PK", "Pakistan", 14, 0.15,
        ("Khan", "Ahmed", "Hussain", "Ali", "Iqbal", "Butt", "Malik", "Raza", "Shah", "Qureshi"),
        ("Muhammad Imran", "Asif", "Bilal", "Usman", "Faisal", "Zahid", "Tariq", "Waqas"),
        ("Ayesha", "Fatima", "Samina", "Nazia", "Rukhsana"),
        "Urdu", ("Punjabi", "Pashto", "English"), 0.85,
    ),
    Origin(
        "BD", "Bangladesh", 11, 0.12,
        ("Hossain", "Rahman", "Islam", "Uddin", "Miah", "Sarker", "Chowdhury", "Alam"),
        ("Mohammad Rafiq", "Abdul Karim", "Jahangir", "Shahidul", "Mizanur", "Rubel"),
        ("Nasrin", "Rehana", "Shirin", "Taslima", "Nasima"),
        "Bengali", ("Sylheti", "English"), 0.9,
    ),
    Origin(
        "ID", "Indonesia", 10, 0.85,
        ("Wahyuni", "Lestari", "Rahayu", "Susanti", "Handayani", "Setiawan", "Santoso",
         "Hidayat", "Kurniawan", "Purwanti"),
        ("Agus", "Budi", "Eko", "Joko"),
        ("Siti", "Sri", "Dewi", "Nur", "Endang", "Tri"),
        "Bahasa Indonesia", ("Javanese", "Cantonese"), 0.7,
    ),
    Origin(
        "PH", "Philippines", 6, 0.8,
        ("Santos", "Reyes", "Dela Cruz", "Garcia", "Bautista", "Mendoza", "Villanueva"),
        ("Jose", "Mark Anthony", "Rodel", "Jerome"),
        ("Maria Luisa", "Rowena", "Jocelyn", "Marites", "Jennifer", "Analyn"),
        "Tagalog", ("English", "Cebuano"), 0.25,
    ),
    Origin(
        "LK", "Sri Lanka", 2.5, 0.2,
        ("Perera", "Fernando", "Silva", "Jayasuriya", "Bandara", "Wickramasinghe"),
        ("Nimal", "Kasun", "Chaminda", "Pradeep", "Ruwan"),
        ("Nirosha", "Dilani", "Chathurika"),
        "Sinhala", ("English",), 0.85,
    ),
    Origin(
        "LK", "Sri Lanka", 2.5, 0.2,
        ("Sivakumar", "Tharmalingam", "Rajendran", "Selvarajah", "Kanagaratnam"),
        ("Kumaran", "Thilak", "Suthan", "Prabakaran", "Jeyakumar"),
        ("Shanthi", "Vasuki", "Tharsika"),
        "Tamil", ("English",), 0.85,
    ),
    Origin(
        "NP", "Nepal", 4, 0.25,
        ("Gurung", "Tamang", "Rai", "Limbu", "Shrestha", "Thapa", "Magar", "Sherpa"),
        ("Bishnu", "Ram Bahadur", "Dil Kumar", "Pemba", "Suraj"),
        ("Sita", "Kamala", "Laxmi", "Sabina"),
        "Nepali", ("Hindi", "English"), 0.8,
    ),
    Origin(
        "SO", "Somalia", 2, 0.4,
        ("Mohamed", "Hassan", "Abdi", "Warsame", "Farah", "Omar", "Jama"),
        ("Abdirahman", "Abdullahi", "Mahad", "Yusuf", "Abdiaziz"),
        ("Hodan", "Amina", "Fadumo", "Sahra", "Ifrah"),
        "Somali", ("Arabic", "English"), 0.9,
    ),
    Origin(
        "EG", "Egypt", 2, 0.2,
        ("Mahmoud", "Ibrahim", "Abdelrahman", "El-Sayed", "Mostafa", "Farouk"),
        ("Ahmed", "Mohamed", "Karim", "Omar", "Youssef"),
        ("Mona", "Heba", "Nour", "Yasmin"),
        "Arabic", ("English",), 0.85,
    ),
    Origin(
        "NG", "Nigeria", 3, 0.3,
        ("Okafor", "Adeyemi", "Okonkwo", "Eze", "Olawale", "Nwosu", "Chukwu", "Bello"),
        ("Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ifeanyi", "Musa"),
        ("Ngozi", "Blessing", "Chioma", "Funmilayo", "Aisha"),
        "English", ("Igbo", "Yoruba", "Hausa", "Nigerian Pidgin"), 0.05,
    ),
    Origin(
        "CM", "Cameroon", 2, 0.35,
        ("Mbah", "Nkwenti", "Tabi", "Ngwa", "Fotso", "Kamga", "Tchoumi"),
        ("Jean-Paul", "Emmanuel", "Boris", "Aristide", "Divine"),
        ("Clarisse", "Brenda", "Nadege", "Pascaline"),
        "French", ("English", "Cameroonian Pidgin"), 0.5,
    ),
    Origin(
        "GM", "Gambia", 2, 0.2,
        ("Jallow", "Ceesay", "Sowe", "Bah", "Touray", "Sanneh", "Darboe"),
        ("Lamin", "Ebrima", "Modou", "Alieu", "Omar"),
        ("Fatou", "Isatou", "Mariama", "Awa"),
        "English", ("Mandinka", "Wolof", "Fula"), 0.2,
    ),
    Origin(
        "YE", "Yemen", 1.5, 0.2,
        ("Al-Ahmadi", "Saleh", "Al-Hashimi", "Nasser", "Al-Maqtari", "Qassem"),
        ("Abdullah", "Ali", "Hamza", "Fares", "Mohammed"),
        ("Amal", "Sana", "Huda"),
        "Arabic", ("English",), 0.9,
    ),
    Origin(
        "TG", "Togo", 1, 0.3,
        ("Agbeko", "Kodjo", "Amegah", "Mensah", "Adjavon", "Koffi"),
        ("Kossi", "Komlan", "Yao", "Edem"),
        ("Akossiwa", "Afi", "Ablavi"),
        "French", ("Ewe", "English"), 0.75,
    ),
    Origin(
        "UG", "Uganda", 2, 0.5,
        ("Okello", "Mugisha", "Ssemakula", "Kato", "Byaruhanga", "Nakato", "Namubiru"),
        ("Brian", "Ronald", "Moses", "Isaac", "Joseph"),
        ("Sarah", "Grace", "Esther", "Florence", "Immaculate"),
        "English", ("Luganda", "Swahili"), 0.1,
    ),
    Origin(
        "RW", "Rwanda", 1.5, 0.45,
        ("Uwimana", "Habimana", "Niyonsaba", "Mukamana", "Nsengimana", "Ndayisaba"),
        ("Jean de Dieu", "Eric", "Patrick", "Emmanuel"),
        ("Claudine", "Alice", "Diane", "Josiane"),
        "Kinyarwanda", ("French", "English", "Swahili"), 0.7,
    ),
    Origin(
        "SD", "Sudan", 1.5, 0.25,
        ("Osman", "Abdalla", "Elhassan", "Adam", "Yagoub", "Ishag"),
        ("Mohamed Ahmed", "Adam", "Ismail", "Hamid"),
        ("Hawa", "Zainab", "Fatima"),
        "Arabic", ("English", "Fur"), 0.9,
    ),
)
# fmt: on
ORIGIN_WEIGHTS = [o.weight for o in ORIGINS]

# Spellings that differ between passports, ImmD papers and what the client writes.
SPELLINGS: dict[str, str] = {
    "Muhammad": "Mohammad",
    "Mohammad": "Muhammad",
    "Mohamed": "Mohammed",
    "Mohammed": "Mohamed",
    "Ahmed": "Ahmad",
    "Hussain": "Hossain",
    "Hossain": "Hussain",
    "Rahman": "Rehman",
    "Uddin": "Uddeen",
    "Abdi": "Cabdi",
    "Abdullahi": "Cabdullaahi",
    "Jallow": "Jalloh",
    "Ceesay": "Sise",
    "Yusuf": "Yousuf",
    "Youssef": "Yusuf",
    "Osman": "Othman",
    "Abdalla": "Abdallah",
    "Nguyen": "Nguyễn",
    "Tran": "Trần",
    "Pham": "Phạm",
    "Hoang": "Hoàng",
    "Sivakumar": "Sivakumaran",
    "Okonkwo": "Okonko",
    "Dela Cruz": "De la Cruz",
    "Chowdhury": "Choudhury",
    "Qureshi": "Kureshi",
}

# (district, weight): most claimants live in the cheapest subdivided flats and village houses.
DISTRICTS: tuple[tuple[str, float], ...] = (
    (Client.District.SHAM_SHUI_PO, 30),
    (Client.District.YAU_TSIM_MONG, 20),
    (Client.District.YUEN_LONG, 15),
    (Client.District.KWAI_TSING, 10),
    (Client.District.TUEN_MUN, 8),
    (Client.District.KOWLOON_CITY, 4),
    (Client.District.TSUEN_WAN, 3),
    (Client.District.KWUN_TONG, 3),
    (Client.District.WONG_TAI_SIN, 2),
    (Client.District.NORTH, 2),
    (Client.District.SHA_TIN, 1),
    (Client.District.EASTERN, 1),
    (Client.District.ISLANDS, 1),
    ("", 3),
)
INTAKE_SOURCES: tuple[tuple[str, float], ...] = (
    (Client.IntakeSource.WALK_IN, 40),
    (Client.IntakeSource.PARTNER, 30),
    (Client.IntakeSource.HOTLINE, 12),
    (Client.IntakeSource.OUTREACH, 10),
    (Client.IntakeSource.OTHER, 3),
)
STATUSES: tuple[tuple[str, float], ...] = (
    (Client.ImmigrationStatus.RECOGNIZANCE, 86),
    (Client.ImmigrationStatus.OVERSTAYER, 6),
    (Client.ImmigrationStatus.DETAINED, 4),
    (Client.ImmigrationStatus.VISITOR, 2),
    (Client.ImmigrationStatus.OTHER, 2),
)
# Vulnerability names from the seeded list, and how common each is among clients.
VULNERABILITY_WEIGHTS: dict[str, float] = {
    "Survivor of torture": 4,
    "Mental health concern": 3,
    "Survivor of sexual or gender-based violence": 1.5,
    "Serious medical condition": 1.5,
    "Homeless or at risk of homelessness": 1.5,
    "Disability": 0.7,
    "LGBTIQ+": 0.5,
}
PARTNERS = (
    "Harbourside Shelter Network (fictional): emergency accommodation",
    "Kowloon Community Clinic (fictional): medical care",
    "Lantern Counselling Service (fictional): trauma counselling",
    "Bridge Food Bank (fictional): food parcels",
    "Kestrel & Co pro bono team (fictional): legal representation",
    "New Roots Learning Centre (fictional): school placement for children",
)
CLOSURE_REASONS = (
    "Claim substantiated; referred to UNHCR for resettlement. Services completed.",
    "Client left Hong Kong voluntarily; return confirmed by phone.",
    "Client asked to stop receiving services; explained how to come back.",
    "Lost contact: no reply to calls, messages or letters over three months.",
    "Client removed from Hong Kong after leave for judicial review was refused.",
    "Client transferred to a partner organisation at their request.",
)
HANDOVER_REASONS = (
    "Caseloads rebalanced in supervision.",
    "Previous caseworker on extended leave.",
    "Client asked for a female caseworker.",
    "Moved to a caseworker with judicial review experience.",
)

LEGAL_NOTES = (
    "Met client with {lang} interpreter; went through the claim form sections on personal "
    "background and the events before leaving {country}. Client to bring any documents "
    "from home to the next appointment.",
    "Claim form returned to ImmD by hand within the 28 days; copy with the ImmD receipt "
    "stamp placed on file.",
    "Prepared client for the screening interview: the process, the interpreter's role, "
    "and why the account should be complete and consistent with the written claim.",
    "Client attended the screening interview at ImmD with the duty lawyer. About four "
    "hours; client says the {lang} interpretation was adequate.",
    "Notice of decision served: claim rejected on all applicable grounds. Explained the "
    "14-day limit to appeal to the Torture Claims Appeal Board; client wants to appeal.",
    "Drafted the notice of appeal and grounds with client; lodged with the appeal board. "
    "Waiting for acknowledgement.",
    "Went through the appeal board decision with client. Discussed judicial review, the "
    "3-month limit for leave and a legal aid application. Client wants to apply.",
    "Legal aid application for judicial review submitted. Client reminded that a refusal "
    "can be appealed to the Registrar within 14 days.",
    "Collected country of origin information on {country} relevant to the claim; summary "
    "placed on file.",
    "Client asked about recognizance reporting; confirmed the next reporting date and "
    "explained what happens if it is missed.",
    "Phoned client with {lang} interpreter to confirm the hearing date and what to bring. "
    "Client confirmed attendance.",
    "Client received a letter from ImmD asking for further information; read it together "
    "and agreed a reply before the deadline.",
    "Referred client to the Duty Lawyer Service for the screening stage; letter sent with "
    "client's consent.",
    "Medical report requested from the clinic to support the account of injuries; client "
    "signed the release form.",
)
GENERAL_NOTES = (
    "Client called to give a new phone number; record updated.",
    "Client came in without an appointment asking about rent assistance; gave the contact "
    "details of the humanitarian assistance caseworker.",
    "Appointment moved at client's request because it clashed with ImmD reporting.",
    "Client missed the appointment; left a voicemail and sent a text message in {lang}.",
    "Travel support given for the journey to the hearing.",
    "Client asked for a letter confirming they are a client of the centre, for the "
    "landlord; letter issued.",
    "Client attended the community English class and asked to join the next cooking workshop.",
)
PSYCHOSOCIAL_NOTES = (
    "Client reports poor sleep and intrusive memories since the screening interview. "
    "Practised grounding techniques; follow-up in two weeks.",
    "Session with {lang} interpreter. Client described isolation and worry about family "
    "in {country}. Explored community contacts; client interested in the peer group.",
    "Client reports mood slightly better; attending the weekly English class. Reviewed the "
    "coping plan.",
    "Client tearful when discussing the decision. Risk screen completed, no current "
    "thoughts of self-harm. Safety plan reviewed together.",
    "Phone check-in: headaches continue; encouraged to attend the clinic and offered "
    "accompaniment.",
    "Joint session with the legal caseworker to prepare for the hearing; client agreed a "
    "signal for asking for a break.",
    "Client says the food allowance runs out before the end of the month and they skip "
    "meals; referred to the food bank partner.",
    "Client reports feeling calmer after the breathing exercises; wants to continue "
    "fortnightly sessions.",
)
SUPERVISION_NOTES = (
    "Discussed in supervision; next steps and deadlines agreed with the caseworker.",
    "Supervisor review: file in order, consent on file, next appointment booked.",
)
INTAKE_NOTE = (
    "Intake interview with {lang} interpreter. Explained the centre's services and how we "
    "use personal data; consent recorded. Waiting for allocation to a caseworker."
)
DOCUMENT_KINDS: tuple[tuple[str, str, str], ...] = (
    (Document.Category.CLAIM, "Non-refoulement claim form (copy)", "claim_form.pdf"),
    (Document.Category.CLAIM, "Notice of decision", "notice_of_decision.pdf"),
    (Document.Category.IMMIGRATION, "Recognizance paper", "recognizance.pdf"),
    (Document.Category.IDENTITY, "Passport bio page (copy)", "passport.pdf"),
    (Document.Category.MEDICAL, "Medical report from clinic", "medical_report.pdf"),
    (Document.Category.EVIDENCE, "Country of origin information extract", "coi.pdf"),
    (Document.Category.CORRESPONDENCE, "Letter from the Immigration Department", "letter.pdf"),
)


# --- Small helpers ----------------------------------------------------------------------


def progress_bar(total: int, desc: str) -> tqdm:
    """A progress bar on stderr for big runs on a terminal; silent for the small demo."""
    return tqdm(
        total=total,
        desc=desc,
        unit=" clients",
        unit_scale=True,
        disable=True if total < PROGRESS_FROM else None,
        mininterval=0.5,
    )


def weighted[T](rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def days_after(
    rng: random.Random, start: datetime.date, end: datetime.date, lo: int = 0
) -> datetime.date:
    """A day between start + lo and end (never after end)."""
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(min(lo, span), span))


def moment(rng: random.Random, day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """An office-hours time on `day` in Hong Kong time, never in the future."""
    at = datetime.datetime.combine(
        day,
        datetime.time(rng.randint(9, 17), rng.randint(0, 59)),
        tzinfo=timezone.get_current_timezone(),
    )
    return min(at, now)


@contextlib.contextmanager
def keeping_timestamps(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let bulk_create store the backdated times we give: auto_now(_add) would say "now"."""
    model_fields = [model._meta.get_field(name) for model, name in fields]
    saved = [(f, f.auto_now, f.auto_now_add) for f in model_fields]
    for f in model_fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def demo_pdf(*lines: str) -> bytes:
    """A minimal valid one-page PDF showing `lines` (ASCII), with a correct xref table."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 14 Tf 72 770 Td 18 TL " + " ".join(f"({escape(line)}) '" for line in lines)
    content = (text + " ET").encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(out)


# --- The plan for one client ------------------------------------------------------------


@dataclass
class Plan:
    """One client and everything attached to it, built in memory before any write."""

    client: Client
    origin: Origin
    lead: User | None = None
    documents: int = 0
    vulnerability_ids: list[int] = field(default_factory=list)
    aliases: list[ClientAlias] = field(default_factory=list)
    dependants: list[Dependant] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    assignments: list[ClientAssignment] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)


class Planner:
    """Builds client plans from one seeded random generator, so every run builds the same."""

    def __init__(self, staff: dict[str, User], vulnerabilities: dict[str, int]) -> None:
        self.rng = random.Random(SEED)
        self.staff = staff
        self.vulnerabilities = vulnerabilities
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.team_of = {s.username: s.team for s in STAFF if s.team}
        self.supervisor_of = {s.supervises: staff[s.username] for s in STAFF if s.supervises}
        self.legal = [staff[s.username] for s in STAFF if s.role == Role.LEGAL]
        self.psychosocial = [staff[s.username] for s in STAFF if s.role == Role.PSYCHOSOCIAL]
        self.caseworker_documents = 0

    def supervisor_for(self, worker: User) -> User:
        return self.supervisor_of[self.team_of[worker.username]]

    def is_psychosocial(self, worker: User) -> bool:
        return worker in self.psychosocial

    # One slot kind per client: the demo accounts' caseloads first, then everyone else's.
    def slots(self, total: int) -> list[str]:
        def share(count: int) -> int:
            # Small --clients values shrink the demo caseloads proportionally.
            return min(count, round(count * total / DEFAULT_CLIENTS))

        kinds = (
            ["shared"] * share(25)  # demo-caseworker leads, demo-psychosocial supports
            + ["caseworker"] * (share(40) - share(25))
            + ["psychosocial"] * share(15)
            + ["own-intake"] * share(3)  # demo-caseworker's own intake, not yet allocated
            + ["intake"] * (share(15) - share(3))
        )
        return (kinds + ["other"] * total)[:total]

    def plan(self, kind: str) -> Plan:
        rng = self.rng
        origin = rng.choices(ORIGINS, weights=ORIGIN_WEIGHTS)[0]
        client = self.person(origin, kind)
        plan = Plan(client=client, origin=origin)
        self.household(plan)
        self.pick_vulnerabilities(plan)
        plan.aliases = self.alias_rows(client)
        if kind in ("intake", "own-intake"):
            self.intake(plan, kind)
        else:
            self.casework(plan, kind)
        return plan

    def person(self, origin: Origin, kind: str) -> Client:
        rng, today = self.rng, self.today
        if rng.random() < origin.female_share:
            sex, given = Client.Sex.FEMALE, rng.choice(origin.female_names)
        else:
            sex, given = Client.Sex.MALE, rng.choice(origin.male_names)
        if rng.random() < 0.01:
            sex = rng.choice([Client.Sex.OTHER, Client.Sex.UNKNOWN])
        family = rng.choice(origin.family_names)
        if kind in ("intake", "own-intake"):
            intake = today - datetime.timedelta(days=rng.randint(0, 21))
        else:
            intake = today - datetime.timedelta(days=rng.randint(7, 3 * 365))
        age_days = int(rng.triangular(19, 62, 32) * 365.25)
        estimated = rng.random() < 0.25
        dob = intake - datetime.timedelta(days=age_days)
        if estimated:  # only the year is known: recorded as 1 January
            dob = dob.replace(month=1, day=1)
        status = weighted(rng, STATUSES)
        detained = status == Client.ImmigrationStatus.DETAINED
        years_in_hk = rng.choice([0, 0, 1, 1, 2, 3, 5, 8]) if not detained else 0
        arrival = intake - datetime.timedelta(days=rng.randint(14, 300) + 365 * years_in_hk)
        others = rng.sample(origin.other_languages, k=rng.randint(0, len(origin.other_languages)))
        interpreter = rng.random() < origin.interpreter_share
        file_number = ""
        if rng.random() < 0.85:
            claim_year = rng.randint(max(arrival.year, 2014), max(intake.year, 2014))
            number = rng.randint(10000, 99999)
            if rng.random() < 0.5:
                file_number = f"TCF-{number}/{claim_year}"
            else:
                file_number = f"NRC {number}/{claim_year}"
        phone = ""
        if not detained and rng.random() < 0.92:
            phone = f"{rng.choice('569')}{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}"
        return Client(
            family_name=family,
            given_name=given,
            preferred_name=given.split()[0] if rng.random() < 0.1 else "",
            sex=sex,
            date_of_birth=dob,
            date_of_birth_estimated=estimated,
            nationality=origin.code,
            languages=", ".join([origin.language, *others]),
            preferred_language=origin.language,
            interpreter_needed=interpreter,
            arrival_date=arrival,
            immigration_status=status,
            immd_file_number=file_number,
            phone=phone,
            district=Client.District.TUEN_MUN if detained else weighted(rng, DISTRICTS),
            intake_date=intake,
            intake_source=(
                Client.IntakeSource.DETENTION if detained else weighted(rng, INTAKE_SOURCES)
            ),
            created_at=moment(rng, intake, self.now),
        )

    def alias_rows(self, client: Client) -> list[ClientAlias]:
        rng = self.rng
        if rng.random() > 0.2:
            return []
        name = f"{client.given_name} {client.family_name}"
        respelt = " ".join(
            SPELLINGS.get(part, part) for part in (client.given_name, client.family_name)
        )
        respelt = " ".join(SPELLINGS.get(word, word) for word in respelt.split(" "))
        options = [
            (f"{client.family_name} {client.given_name}", "Name order on the passport"),
            (respelt, "Spelling on ImmD papers"),
            (client.given_name.split()[0], "Known by this name in the community"),
        ]
        options = [(n, note) for n, note in options if n != name]
        chosen = rng.sample(options, k=min(len(options), rng.choice([1, 1, 2])))
        return [ClientAlias(client=client, name=n, note=note) for n, note in chosen]

    def household(self, plan: Plan) -> None:
        rng, client, origin = self.rng, plan.client, plan.origin
        if rng.random() > 0.25:
            return
        if rng.random() < 0.6:
            names = origin.male_names if client.sex == Client.Sex.FEMALE else origin.female_names
            in_hk = rng.random() < 0.5
            plan.dependants.append(
                Dependant(
                    client=client,
                    name=f"{rng.choice(names)} {rng.choice(origin.family_names)}",
                    relationship=Dependant.Relationship.SPOUSE,
                    date_of_birth=client.date_of_birth
                    + datetime.timedelta(days=rng.randint(-2500, 2500)),
                    in_hong_kong=in_hk,
                    notes="" if in_hk else f"Remains in {origin.country}.",
                )
            )
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            born = self.today - datetime.timedelta(days=rng.randint(60, 17 * 365))
            names = origin.female_names if rng.random() < 0.5 else origin.male_names
            plan.dependants.append(
                Dependant(
                    client=client,
                    name=f"{rng.choice(names)} {client.family_name}",
                    relationship=Dependant.Relationship.CHILD,
                    date_of_birth=born,
                    in_hong_kong=born > client.arrival_date or rng.random() < 0.6,
                    notes=rng.choice(["", "", "Attends a local primary school."]),
                )
            )

    def pick_vulnerabilities(self, plan: Plan) -> None:
        rng, client = self.rng, plan.client
        weights = dict(VULNERABILITY_WEIGHTS)
        if client.sex == Client.Sex.FEMALE and plan.origin.code in ("ID", "PH"):
            weights["Victim of trafficking or forced labour"] = 5
        else:
            weights["Victim of trafficking or forced labour"] = 0.5
        relations = {d.relationship for d in plan.dependants}
        if Dependant.Relationship.CHILD in relations and (
            Dependant.Relationship.SPOUSE not in relations
        ):
            weights["Single parent"] = 3
        if (
            client.sex == Client.Sex.FEMALE
            and client.intake_date.year - client.date_of_birth.year < 42
        ):
            weights["Pregnant"] = 0.3
        if client.intake_date.year - client.date_of_birth.year >= 60:
            weights["Older person"] = 3
        pool = [
            (self.vulnerabilities[n], w) for n, w in weights.items() if n in self.vulnerabilities
        ]
        for _ in range(weighted(rng, [(0, 30), (1, 35), (2, 25), (3, 10)])):
            if not pool:
                break
            chosen = weighted(rng, pool)
            plan.vulnerability_ids.append(chosen)
            pool = [(v, w) for v, w in pool if v != chosen]

    def consent(self, plan: Plan, by: User, on: datetime.date) -> None:
        interpreter = plan.client.interpreter_needed
        plan.consents.append(
            Consent(
                client=plan.client,
                kind=Consent.Kind.DATA_PROCESSING,
                given=True,
                on=on,
                method=(
                    Consent.Method.VERBAL_INTERPRETER if interpreter else Consent.Method.WRITTEN
                ),
                recorded_by=by,
                recorded_at=moment(self.rng, on, self.now),
            )
        )

    def note(
        self,
        plan: Plan,
        author: User,
        kind: str,
        body: str,
        start: datetime.date,
        end: datetime.date,
    ) -> None:
        at = moment(self.rng, days_after(self.rng, start, end), self.now)
        text = body.format(lang=plan.client.preferred_language, country=plan.origin.country)
        plan.notes.append(
            CaseNote(
                client=plan.client,
                author=author,
                kind=kind,
                body=text,
                created_at=at,
                updated_at=at,
            )
        )

    def intake(self, plan: Plan, kind: str) -> None:
        """An unallocated intake: the supervisor's queue (and its recorder's own list)."""
        rng, client = self.rng, plan.client
        if kind == "own-intake":
            by = self.staff["demo-caseworker"]
        else:
            by = self.staff[rng.choice(["demo-wong-kayan", "demo-chan-tszho"])]
        client.status = Client.Status.INTAKE
        client.created_by = by
        self.consent(plan, by, client.intake_date)
        self.note(
            plan, by, CaseNote.Kind.GENERAL, INTAKE_NOTE, client.intake_date, client.intake_date
        )

    def casework(self, plan: Plan, kind: str) -> None:
        rng, client, today = self.rng, plan.client, self.today
        staff = self.staff
        support: User | None = None
        if kind in ("shared", "caseworker"):
            lead = staff["demo-caseworker"]
            if kind == "shared":
                support = staff["demo-psychosocial"]
        elif kind == "psychosocial":
            lead = staff["demo-psychosocial"]
        else:
            lead = staff[weighted(rng, list(OTHER_LEADS.items()))]
            if rng.random() < 0.3:
                support = staff[PARTNER_WORKER[lead.username]]
        age = (today - client.intake_date).days
        end = today
        if age >= 150 and rng.random() < 0.12:
            closed_on = days_after(rng, client.intake_date, today, lo=90)
            client.status = Client.Status.CLOSED
            client.closed_on = closed_on
            client.closure_reason = rng.choice(CLOSURE_REASONS)
            client.closure_approved_by = self.supervisor_for(lead)
            end = closed_on
        else:
            client.status = Client.Status.ACTIVE

        # A handover for history: someone else led first and recorded the intake.
        colleagues = self.psychosocial if self.is_psychosocial(lead) else self.legal
        previous = None
        lead_from = days_after(
            rng, client.intake_date, min(end, client.intake_date + datetime.timedelta(days=7))
        )
        if age >= 120 and rng.random() < 0.08:
            previous = rng.choice([u for u in colleagues if u not in (lead, support)])
            handover = days_after(rng, lead_from, end - datetime.timedelta(days=30), lo=30)
            plan.assignments.append(
                ClientAssignment(
                    client=client,
                    worker=previous,
                    role=LEAD,
                    started_on=lead_from,
                    ended_on=handover,
                    assigned_by=self.supervisor_for(previous),
                )
            )
            self.note(
                plan,
                previous,
                CaseNote.Kind.GENERAL,
                rng.choice(GENERAL_NOTES),
                lead_from,
                handover,
            )
            lead_from = handover
        recorder = previous or lead
        client.created_by = recorder
        plan.lead = lead
        self.consent(plan, recorder, client.intake_date)
        # Leads either took the intake themselves or were allocated by their supervisor.
        allocated_by = (
            lead if previous is None and rng.random() < 0.3 else self.supervisor_for(lead)
        )
        plan.assignments.append(
            ClientAssignment(
                client=client,
                worker=lead,
                role=LEAD,
                started_on=lead_from,
                assigned_by=allocated_by,
                reason=rng.choice(HANDOVER_REASONS) if previous else "",
            )
        )
        workers = [(lead, lead_from)]
        if support is not None:
            support_from = days_after(
                rng, lead_from, min(end, lead_from + datetime.timedelta(days=120))
            )
            plan.assignments.append(
                ClientAssignment(
                    client=client,
                    worker=support,
                    role=SUPPORT,
                    started_on=support_from,
                    assigned_by=self.supervisor_for(support),
                    reason="Joint legal and psychosocial support.",
                )
            )
            workers.append((support, support_from))

        if rng.random() < 0.35:  # sharing with a partner needs its own consent
            on = days_after(rng, lead_from, end)
            partner = rng.choice(PARTNERS)
            plan.consents.append(
                Consent(
                    client=client,
                    kind=Consent.Kind.REFERRAL_SHARING,
                    scope=partner,
                    given=True,
                    on=on,
                    method=Consent.Method.WRITTEN,
                    recorded_by=lead,
                    recorded_at=moment(rng, on, self.now),
                )
            )
            if rng.random() < 0.05 and on < end:
                withdrawn = days_after(rng, on, end, lo=1)
                plan.consents.append(
                    Consent(
                        client=client,
                        kind=Consent.Kind.REFERRAL_SHARING,
                        scope=partner,
                        given=False,
                        on=withdrawn,
                        method=Consent.Method.VERBAL,
                        recorded_by=lead,
                        recorded_at=moment(rng, withdrawn, self.now),
                        notes="Client asked that nothing more be shared with this partner.",
                    )
                )

        for _ in range(weighted(rng, [(0, 10), (1, 20), (2, 25), (3, 20), (4, 15), (6, 10)])):
            author, since = rng.choice(workers)
            if self.is_psychosocial(author):
                kind_, texts = weighted(
                    rng,
                    [
                        ((CaseNote.Kind.PSYCHOSOCIAL, PSYCHOSOCIAL_NOTES), 3),
                        ((CaseNote.Kind.GENERAL, GENERAL_NOTES), 1),
                    ],
                )
            else:
                kind_, texts = weighted(
                    rng,
                    [
                        ((CaseNote.Kind.LEGAL, LEGAL_NOTES), 3),
                        ((CaseNote.Kind.GENERAL, GENERAL_NOTES), 1),
                    ],
                )
            self.note(plan, author, kind_, rng.choice(texts), since, end)
        if rng.random() < 0.1:
            supervisor = self.supervisor_for(lead)
            self.note(
                plan,
                supervisor,
                CaseNote.Kind.GENERAL,
                rng.choice(SUPERVISION_NOTES),
                lead_from,
                end,
            )
        if client.status == Client.Status.CLOSED:
            self.note(
                plan, lead, CaseNote.Kind.GENERAL, f"File closed. {client.closure_reason}", end, end
            )
        # demo-caseworker's first clients always have documents to open; others now and then.
        mine = kind in ("shared", "caseworker")
        if (mine and self.caseworker_documents < 6) or rng.random() < 0.1:
            self.caseworker_documents += 1 if mine else 0
            plan.documents = rng.choice([1, 2])


# --- The command ------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Create fictional demo staff, teams and clients (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clients",
            type=int,
            default=DEFAULT_CLIENTS,
            help=f"How many demo clients should exist (default {DEFAULT_CLIENTS}).",
        )

    def handle(self, *args: object, clients: int, **options: object) -> None:
        if clients < 0:
            raise CommandError("--clients cannot be negative.")
        started = time.monotonic()
        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(12)
        stored: list[str] = []  # files written, removed again if the transaction fails
        try:
            with transaction.atomic():
                staff = self.ensure_staff(password)
                self.ensure_teams(staff)
                existing = Client.objects.filter(created_by__in=list(staff.values())).count()
                created = 0
                if existing < clients:
                    created = self.create_clients(
                        staff, total=clients, skip=existing, stored=stored
                    )
        except BaseException:
            storage = Document._meta.get_field("file").storage
            for name in stored:
                storage.delete(name)
            raise
        self.seed_apps(at_scale=clients > DEFAULT_CLIENTS)
        if clients > DEFAULT_CLIENTS and connection.vendor == "postgresql":
            # Fresh planner statistics after a bulk load, rather than whenever autovacuum
            # gets round to it: the first requests would otherwise be planned blind.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.report(password, created=created, seconds=time.monotonic() - started)

    def seed_apps(self, *, at_scale: bool) -> None:
        """Each app adds its own demo records (claims, referrals, sessions...) on top of
        the clients; each seeder is idempotent and runs in its own transaction. At scale,
        an app's `seed_bulk` then covers the many clients its `seed` leaves alone."""
        for module_name in APP_SEEDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name and module_name.startswith(error.name):
                    continue
                raise
            began = time.monotonic()
            with transaction.atomic():
                module.seed(rng=random.Random(f"{module_name}-2026"), stdout=self.stdout)
            bulk = getattr(module, "seed_bulk", None)
            if at_scale and bulk is not None:
                with transaction.atomic():
                    bulk(
                        rng=random.Random(f"{module_name}-bulk-2026"),
                        stdout=self.stdout,
                        progress=progress_bar,
                    )
            self.stdout.write(f"  {module_name}: {time.monotonic() - began:.1f} s")

    def ensure_staff(self, password: str) -> dict[str, User]:
        """Bring every demo account back to its demo state, password included."""
        groups = {role: Group.objects.get(name=role) for role in Role}
        # One hash for all: hashing is deliberately slow, and they share the password anyway.
        hashed = make_password(password)
        staff: dict[str, User] = {}
        for spec in STAFF:
            user, _created = User.objects.get_or_create(username=spec.username)
            user.full_name = spec.full_name
            user.email = f"{spec.username}@example.org"
            user.is_active = True
            user.is_staff = spec.role == Role.ADMIN  # the Django admin is the Admin's tool
            user.is_superuser = False
            user.password = hashed
            user.save()
            # Exactly one role each: demo-admin must not gain a casework role.
            user.groups.set([groups[spec.role]])
            staff[spec.username] = user
        return staff

    def ensure_teams(self, staff: dict[str, User]) -> None:
        for name in (TEAM_A, TEAM_B):
            team, _created = Team.objects.get_or_create(name=name)
            team.members.add(*[staff[s.username] for s in STAFF if s.team == name])
            team.supervisors.add(*[staff[s.username] for s in STAFF if s.supervises == name])

    def create_clients(
        self, staff: dict[str, User], *, total: int, skip: int, stored: list[str]
    ) -> int:
        vulnerabilities = dict(Vulnerability.objects.filter(active=True).values_list("name", "pk"))
        planner = Planner(staff, vulnerabilities)
        # Plan every slot, so the same slot always gets the same data, then write the new.
        slots = planner.slots(total)
        with progress_bar(len(slots), "Planning clients") as bar:
            plans = []
            for kind in slots:
                plans.append(planner.plan(kind))
                bar.update()
            plans = plans[skip:]
        if not plans:
            return 0
        self.assign_references(plans)
        with keeping_timestamps(
            (Client, "created_at"),
            (Client, "updated_at"),
            (Consent, "recorded_at"),
            (CaseNote, "created_at"),
            (CaseNote, "updated_at"),
        ):
            for plan in plans:
                plan.client.updated_at = plan.client.created_at
            with progress_bar(len(plans), "Writing clients") as bar:
                for start in range(0, len(plans), WRITE_BATCH):
                    self.write_plans(plans[start : start + WRITE_BATCH])
                    bar.update(min(WRITE_BATCH, len(plans) - start))
        self.create_documents(plans, stored)
        return len(plans)

    def write_plans(self, plans: list[Plan]) -> None:
        """One batch of clients and what hangs off them; the clients first, for their ids."""
        Client.objects.bulk_create([p.client for p in plans], batch_size=WRITE_BATCH)
        Through = Client.vulnerabilities.through
        Through.objects.bulk_create(
            [
                Through(client_id=p.client.pk, vulnerability_id=v)
                for p in plans
                for v in p.vulnerability_ids
            ],
            batch_size=WRITE_BATCH,
        )
        for model, rows in (
            (ClientAlias, [a for p in plans for a in p.aliases]),
            (Dependant, [d for p in plans for d in p.dependants]),
            (Consent, [c for p in plans for c in p.consents]),
            (ClientAssignment, [a for p in plans for a in p.assignments]),
            (CaseNote, [n for p in plans for n in p.notes]),
        ):
            for row in rows:
                row.client = row.client  # the client has its pk now: copy it to client_id
            model.objects.bulk_create(rows, batch_size=WRITE_BATCH)

    def assign_references(self, plans: list[Plan]) -> None:
        """JC-<year>-<5 digits> in intake order, reserving each year's block in one step.

        Same format as clients.services.next_reference; the sequence row ends at the last
        number used, so intakes made in the app afterwards carry on without a collision.
        """
        plans.sort(key=lambda p: (p.client.intake_date, p.client.created_at))
        by_year: dict[int, list[Plan]] = {}
        for plan in plans:
            by_year.setdefault(plan.client.intake_date.year, []).append(plan)
        for year, rows in by_year.items():
            seq, _created = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
            for offset, plan in enumerate(rows, start=1):
                plan.client.reference = f"JC-{year}-{seq.last + offset:05d}"
            seq.last += len(rows)
            seq.save(update_fields=["last"])

    def create_documents(self, plans: list[Plan], stored: list[str]) -> None:
        rng = random.Random(SEED)  # its own generator: documents do not shift client data
        now = timezone.now()
        wanted = [p for p in plans if p.documents and p.lead is not None]
        # demo-caseworker's clients first, so they always have documents to open.
        wanted.sort(key=lambda p: p.lead.username != "demo-caseworker")
        documents: list[Document] = []
        for plan in wanted[:MAX_CLIENTS_WITH_DOCUMENTS]:
            client = plan.client
            for category, title, original in rng.sample(DOCUMENT_KINDS, k=plan.documents):
                body = demo_pdf(
                    "Fictional demo document",
                    title,
                    f"Client reference {client.reference}",
                    "No real person or case. Generated by manage.py seed_demo.",
                )
                document = Document(
                    client=client,
                    category=category,
                    title=title,
                    original_name=original,
                    content_type="application/pdf",
                    size=len(body),
                    uploaded_by=plan.lead,
                    uploaded_at=moment(
                        rng,
                        days_after(
                            rng, client.intake_date, client.closed_on or timezone.localdate()
                        ),
                        now,
                    ),
                )
                # document_upload_to picks the stored name; the name given here is ignored.
                document.file.save("upload.pdf", ContentFile(body), save=False)
                stored.append(document.file.name)
                documents.append(document)
        with keeping_timestamps((Document, "uploaded_at")):
            Document.objects.bulk_create(documents)

    def report(self, password: str, *, created: int, seconds: float) -> None:
        total = Client.objects.count()
        out = self.stdout
        note = "" if settings.DEMO_PASSWORD else "; generated, set DEMO_PASSWORD to fix it"
        out.write("")
        out.write(self.style.SUCCESS(f"Demo staff (password: {password}{note})"))
        for username, role in SIGN_IN_NOTES.items():
            out.write(f"  {username:<19} {role}")
        others = ", ".join(s.username for s in STAFF if s.username not in SIGN_IN_NOTES)
        out.write(f"  Also fictional colleagues with the same password: {others}")
        out.write("Open http://127.0.0.1:8000/ and sign in.")
        out.write("")
        out.write(
            f"Clients: {total} in the database ({created} created by this run, {seconds:.1f} s)."
        )
