"""factory_boy factories for the models tests build on."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Team, User
from clients.models import CaseNote, Client, ClientAlias, ClientAssignment, Consent, Dependant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    # Not Faker: a random name can turn up inside page text or an export and make a test
    # that asserts something is absent fail now and then (see the client names below).
    full_name = factory.Sequence(lambda n: f"Staff Member {n:05d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
            self.save()
            self.__dict__.pop("role_names", None)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)

    @factory.post_generation
    def supervisors(self, create, extracted, **kwargs):
        if create and extracted:
            self.supervisors.add(*extracted)


# Names are drawn in turn from lists, not from Faker: a random surname such as "Grant" or
# "Case" turns up inside page text ("Granted", "Case notes") and makes a test asserting that
# a name is absent fail once in a few hundred runs. None of these is an English word, and
# fifty clients in a row never share a name. Names the search tests use on purpose
# (Rahman, Nguyen, Okafor, Chinedu) are left out.
FAMILY_NAMES = [
    "Odhiambo",
    "Haidari",
    "Siddiqui",
    "Perera",
    "Mohammadi",
    "Kamara",
    "Mensah",
    "Abdullahi",
    "Hussaini",
    "Tesfaye",
    "Karimi",
    "Rasuli",
    "Bangura",
    "Nwachukwu",
    "Wijesinghe",
    "Chowdhury",
    "Qureshi",
    "Yousafzai",
    "Ndayisaba",
    "Kargbo",
    "Jalloh",
    "Mukherjee",
    "Habibi",
    "Osei",
    "Ansah",
    "Dlamini",
    "Mwangi",
    "Kiprono",
    "Achterberg",
    "Ferreira",
    "Sesay",
    "Conteh",
    "Bhattarai",
    "Gurung",
    "Tamang",
    "Rezaei",
    "Nasseri",
    "Alawiye",
    "Ogunleye",
    "Adeyemi",
    "Hakimi",
    "Sultani",
    "Barakzai",
    "Ekwueme",
    "Owusu",
    "Boateng",
    "Fofanah",
    "Koroma",
    "Dissanayake",
    "Jayawardena",
]
GIVEN_NAMES = [
    "Amina",
    "Kwame",
    "Farida",
    "Tariq",
    "Nadia",
    "Ibrahim",
    "Zainab",
    "Chidi",
    "Fatuma",
    "Yusuf",
    "Samira",
    "Obinna",
    "Halima",
    "Kofi",
    "Mariam",
    "Emeka",
    "Rukhsana",
    "Bilal",
    "Nasrin",
    "Adebayo",
    "Shabnam",
    "Musa",
    "Laleh",
    "Nnamdi",
    "Parveen",
    "Abdoulaye",
    "Soraya",
    "Idrissa",
    "Shirin",
    "Oluwaseun",
    "Rahima",
    "Mamadou",
    "Nasima",
    "Chukwudi",
    "Ayodele",
    "Hamid",
    "Yasmin",
    "Kwabena",
    "Ghazala",
    "Babajide",
    "Roksana",
    "Ousmane",
    "Tahmina",
    "Femi",
    "Dilnoza",
    "Suleiman",
    "Khadija",
    "Ikechukwu",
    "Sakina",
    "Babatunde",
]


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    reference = factory.Sequence(lambda n: f"JC-2026-{n + 90000:05d}")
    family_name = factory.Sequence(lambda n: FAMILY_NAMES[n % len(FAMILY_NAMES)])
    given_name = factory.Sequence(lambda n: GIVEN_NAMES[n % len(GIVEN_NAMES)])
    sex = Client.Sex.FEMALE
    date_of_birth = datetime.date(1990, 5, 17)
    nationality = "PK"
    status = Client.Status.ACTIVE
    intake_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientAssignment

    client = factory.SubFactory(ClientFactory)
    worker = factory.SubFactory(UserFactory)
    role = ClientAssignment.Role.LEAD
    assigned_by = factory.SelfAttribute("worker")
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientAlias

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Alias Name {n:05d}")


class DependantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependant

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Dependant Name {n:05d}")
    relationship = Dependant.Relationship.CHILD


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    kind = Consent.Kind.DATA_PROCESSING
    method = Consent.Method.WRITTEN
    recorded_by = factory.SubFactory(UserFactory)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    client = factory.SubFactory(ClientFactory)
    author = factory.SubFactory(UserFactory)
    kind = CaseNote.Kind.GENERAL
    body = factory.Sequence(lambda n: f"Note {n:05d}: talked through the week's appointments.")
