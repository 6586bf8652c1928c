"""The main journeys, in a real browser."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Team, User

from ..conftest import PASSWORD
from .conftest import axe_check, shot, sign_in

# The live server needs committed data, so these tests flush the database after each run;
# the `reference_data` fixture (conftest) puts back what the data migrations made.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_intake_with_duplicate_check(new_page, caseworker, client_record, other_client):
    page = new_page()
    sign_in(page, "caseworker", PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Chan")).to_be_visible()
    shot(page, "01-dashboard")
    assert axe_check(page) == []

    page.get_by_role("link", name="New intake").first.click()
    page.get_by_label("Name or alias").fill("Nguyen")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("possible match")).to_be_visible()
    expect(page.get_by_text("Held by Ho Ka Ming")).to_be_visible()
    shot(page, "02-duplicate-found")
    assert axe_check(page) == []

    page.get_by_role("link", name="This is a different person").click()
    page.get_by_label("Family name").fill("Nguyen")
    page.get_by_label("Given names").fill("Thi Lan")
    page.get_by_label("Nationality").select_option("VN")
    page.get_by_label("Consent given").select_option("verbal_interpreter")
    page.get_by_label("The client consents").check()
    assert axe_check(page) == []
    page.get_by_role("button", name="Record intake").click()
    expect(page.get_by_text("Intake recorded as JC-")).to_be_visible()
    expect(page.get_by_role("heading", name="NGUYEN, Thi Lan")).to_be_visible()
    shot(page, "03-client-overview")
    assert axe_check(page) == []

    # The claim: recorded, then the decision served, which starts the appeal deadline.
    page.get_by_role("link", name="Claim", exact=True).click()
    page.get_by_role("link", name="Record the claim").click()
    made_on = timezone.localdate() - datetime.timedelta(days=120)
    page.get_by_label("Claim made on").fill(made_on.isoformat())
    page.get_by_label("Country of feared harm").select_option("VN")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an event").click()
    page.get_by_role("combobox", name="Event").select_option("decision_served")
    served = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_role("textbox", name="Date").fill(served.isoformat())
    assert axe_check(page) == []
    page.get_by_role("button", name="Save").click()
    deadline = page.get_by_role("row").filter(has_text="Lodge the appeal to the Torture Claims")
    expect(deadline).to_be_visible()
    shot(page, "04-appeal-deadline")
    assert axe_check(page) == []
    deadline.get_by_role("button", name="Done").click()
    expect(
        page.get_by_role("row").filter(has_text="Lodge the appeal").get_by_text("Done")
    ).to_be_visible()
    shot(page, "05-deadline-done")


def test_caseworker_cannot_reach_another_workers_client_by_url(new_page, caseworker, other_client):
    page = new_page()
    sign_in(page, "caseworker", PASSWORD)
    response = page.goto(f"/clients/{other_client.reference}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    assert other_client.family_name not in page.content()
    shot(page, "01-not-found")


def test_admin_creates_staff_and_the_new_person_enrols_two_factor(new_page, admin, settings):
    settings.TWO_FACTOR_REQUIRED = True
    TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    admin_device = TOTPDevice.objects.get(user=admin)
    page = new_page()
    sign_in(page, "admin", PASSWORD)
    page.get_by_label("Code").fill(f"{totp(admin_device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Hello, Admin")).to_be_visible()

    page.goto("/admin/accounts/user/add/")
    shot(page, "00-admin-add-page")
    page.get_by_label("Username").fill("newworker")
    page.get_by_label("Full name").fill("Tsang Hoi Yan")
    page.locator("#id_password1").fill("a-long-enough-passphrase")
    page.locator("#id_password2").fill("a-long-enough-passphrase")
    shot(page, "01-admin-add-staff")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    page.get_by_role("option", name="Legal caseworker").dblclick()
    page.get_by_role("button", name="Save", exact=True).click()
    assert User.objects.get(username="newworker").is_legal_caseworker

    newcomer = new_page(width=390, height=844)  # on a phone
    sign_in(newcomer, "newworker", "a-long-enough-passphrase")
    expect(newcomer.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    shot(newcomer, "02-enrol-two-factor-phone")
    assert axe_check(newcomer) == []
    device = TOTPDevice.objects.get(user__username="newworker", confirmed=False)
    newcomer.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    newcomer.get_by_role("button", name="Confirm").click()
    expect(newcomer.get_by_text("Keep these recovery codes")).to_be_visible()
    shot(newcomer, "03-recovery-codes")
    newcomer.get_by_role("link", name="I have saved them").click()
    expect(newcomer.get_by_role("heading", name="Hello, Tsang")).to_be_visible()


def test_positive_phq9_item_9_flags_the_client_and_tells_the_supervisor(
    new_page, psychosocial_worker, supervisor, client_record
):
    page = new_page()
    sign_in(page, "psychosocial", PASSWORD)
    page.goto(reverse("cases:assessment_add", args=[client_record.reference, "phq9"]))
    for item in range(1, 10):
        page.locator(f"input[name='item_{item}'][value='1']").check()
    shot(page, "01-phq9-answered")
    assert axe_check(page) == []
    page.get_by_role("button", name="Save and score").click()
    # A positive item 9 sends the worker straight to the risk screen, and flags the client.
    expect(page.get_by_text("Flagged at risk", exact=True)).to_be_visible()
    shot(page, "02-risk-screen-next")
    assert axe_check(page) == []

    boss = new_page()
    sign_in(boss, "supervisor", PASSWORD)
    boss.goto(reverse("cases:notification_list"))
    expect(boss.get_by_text(client_record.reference).first).to_be_visible()
    shot(boss, "03-supervisor-notification")
    assert axe_check(boss) == []
    boss.goto(client_record.get_absolute_url())
    expect(boss.get_by_text("Flagged at risk", exact=True)).to_be_visible()
    shot(boss, "04-supervisor-sees-the-flag")


def test_supervisor_reassigns_a_client_and_approves_a_closure(
    new_page, supervisor, caseworker, psychosocial_worker, client_record
):
    newcomer = User.objects.create_user("newlead", password=PASSWORD, full_name="Yip Ka Lok")
    newcomer.groups.add(Group.objects.get(name="Legal caseworker"))
    Team.objects.get(name="Team A").members.add(newcomer)

    page = new_page()
    sign_in(page, "supervisor", PASSWORD)
    page.goto(reverse("supervision:client_reassign", args=[client_record.reference]))
    shot(page, "01-reassign")
    assert axe_check(page) == []
    page.get_by_label("Take over from").select_option(str(caseworker.pk))
    page.get_by_label("Give to").select_option(str(newcomer.pk))
    page.get_by_label("Reason").fill("Chan Tai Man is on leave for three months.")
    page.get_by_role("button", name="Reassign").click()
    expect(page.get_by_text("Yip Ka Lok").first).to_be_visible()
    assert client_record.assignments.get(ended_on__isnull=True, role="lead").worker == newcomer

    worker = new_page()
    sign_in(worker, "psychosocial", PASSWORD)
    worker.goto(reverse("supervision:client_closure", args=[client_record.reference]))
    worker.get_by_label("Outcome").select_option("left_hong_kong")
    worker.get_by_label("Reason").fill("Client resettled to Canada through UNHCR.")
    worker.get_by_role("button", name="Request closure").click()
    expect(worker.get_by_text("Closure requested").first).to_be_visible()

    page.goto(reverse("supervision:closure_list"))
    shot(page, "02-closure-requests")
    assert axe_check(page) == []
    page.get_by_role("link", name="Decide").first.click()
    page.get_by_label("Approve: close the file").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text(f"{client_record.reference} is closed")).to_be_visible()
    client_record.refresh_from_db()
    assert client_record.status == "closed"
    shot(page, "03-closed")


PHONE_PAGES = [
    ("dashboard", {}),
    ("clients:list", {}),
    ("clients:duplicate_check", {}),
    ("clients:detail", "ref"),
    ("clients:claim", "ref"),
    ("clients:notes", "ref"),
    ("clients:documents", "ref"),
    ("cases:deadline_list", {}),
    ("referrals:list", {}),
    ("supervision:dashboard", {}),
    ("reports:index", {}),
]


def test_main_pages_fit_a_phone(new_page, supervisor, client_record):
    """At 390 px nothing scrolls sideways but the tables, inside their own scroller."""
    page = new_page(width=390, height=844)
    sign_in(page, "supervisor", PASSWORD)
    for name, kwargs in PHONE_PAGES:
        kwargs = {"ref": client_record.reference} if kwargs == "ref" else kwargs
        page.goto(reverse(name, kwargs=kwargs))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width}px wide on a 390px phone"
        assert page.get_by_role("button", name="Show navigation").is_visible()
    shot(page, "phone-last-page")
