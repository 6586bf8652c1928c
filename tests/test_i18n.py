"""Traditional Chinese: every template string is marked, pages speak it, dates read as in HK.

`test_every_template_string_is_marked_for_translation` reads each template with Django's
own Lexer. Text outside {% translate %} / {% blocktranslate %} that a person would read
(text between tags, and the alt, title, placeholder, aria-* attributes and button values)
fails the test with the template, line and text. Deliberate exceptions, such as the
language switch that names each language in itself, follow a
``{# i18n: same in every language #}`` comment, which exempts the text after it on its line.
"""

import ast
import datetime
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.template.base import Lexer, TokenType
from django.template.utils import get_app_template_dirs
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import User

EXEMPT_MARK = "i18n: same in every language"
PLACEHOLDER = "\x1a"  # stands in for a template tag or variable; not a letter
# Names that read the same in both languages.
NOT_WORDS = {"Justice", "Centre", "PDF", "CSV", "XLSX", "ICS", "TOTP", "QR", "ID", "HK"}
# Not seen by users: `make bench` compares the real pages with this one.
DEVELOPER_ONLY_TEMPLATES = {"benchmark/baseline.html"}
USER_FACING_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
WORD = re.compile(r"[^\W\d_]+")


def human_words(text: str) -> list[str]:
    """Words of two letters or more that are not names we keep as they are."""
    return [w for w in WORD.findall(text) if len(w) > 1 and w not in NOT_WORDS]


def template_files() -> list[Path]:
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine["DIRS"]]
    # App templates of this project only, not those of installed libraries.
    dirs += [Path(d) for d in get_app_template_dirs("templates") if "site-packages" not in d.parts]
    return sorted(
        path
        for folder in dirs
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt"}
        and path.is_file()
        and path.relative_to(folder).as_posix() not in DEVELOPER_ONLY_TEMPLATES
    )


def text_only_source(source: str) -> str:
    """The template with every tag, variable, comment and translated block blanked out.

    Line breaks are kept, so positions in the result are positions in the template.
    """
    parts = []
    skip_until = None  # the closing tag of a block whose text is not checked
    exempt_next_text = False
    for token in Lexer(source).tokenize():
        text = token.contents
        if token.token_type != TokenType.TEXT or skip_until:
            text = PLACEHOLDER + "\n" * text.count("\n")
        elif exempt_next_text:
            _exempt, newline, rest = text.partition("\n")
            text = PLACEHOLDER + newline + rest
        parts.append(text)
        if token.token_type == TokenType.TEXT:
            exempt_next_text = False
        elif token.token_type == TokenType.COMMENT:
            exempt_next_text = token.contents.startswith(EXEMPT_MARK)
        elif token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            if skip_until and name == skip_until:
                skip_until = None
            elif not skip_until and name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                skip_until = "end" + name
    return "".join(parts)


class UntranslatedText(HTMLParser):
    """Collects (line, text) of what a reader sees that is not marked for translation."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.hidden_depth = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden_depth += 1
        attributes = dict(attrs)
        for name, value in attrs:
            checked = name in USER_FACING_ATTRIBUTES or (
                name == "value"
                and tag in {"input", "button"}
                and (attributes.get("type") or "").lower() in BUTTON_INPUT_TYPES
            )
            if checked and value and human_words(value):
                self.found.append((self.getpos()[0], f"{tag} {name}={value!r}"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self.hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and human_words(data):
            # Leading blank lines do not count: report the line the words are on.
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, " ".join(data.replace(PLACEHOLDER, "…").split())))


def untranslated_in(source: str) -> list[tuple[int, str]]:
    parser = UntranslatedText()
    parser.feed(text_only_source(source))
    parser.close()
    return parser.found


def test_the_checker_finds_unmarked_text_and_accepts_marked_text():
    source = (
        "{% load i18n %}<h1>{% translate 'Clients' %}</h1>\n"
        "<p>{{ client.name }} · 3</p>\n"
        '<img alt="Photo of the client" src="x.png">\n'
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}\n"
        '<a class="btn" href="#" title="{% translate \'Open\' %}">Open file</a>\n'
        '{# i18n: same in every language #}<span lang="zh-Hant">語言</span>\n'
        "<p>未翻譯</p>"
    )
    assert untranslated_in(source) == [
        (3, "img alt='Photo of the client'"),
        (5, "Open file"),
        (7, "未翻譯"),
    ]


def test_every_template_string_is_marked_for_translation():
    problems = []
    for path in template_files():
        for line, text in untranslated_in(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {text}")
    assert not problems, "Text not marked for translation:\n" + "\n".join(problems)


CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hant" / "LC_MESSAGES"


def po_msgids(path: Path) -> list[str]:
    """The msgids of a .po file (with their context, as the .mo keys them), header left out."""
    entries, current, field = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")) or not line:
            field, _space, rest = line.partition(" ")
            if field in {"msgctxt", "msgid"} and "msgid" in current and field in current:
                entries.append(current)
                current = {}
            if field and not field.startswith("msgstr"):
                current[field] = ast.literal_eval(rest)
        elif line.startswith('"') and field in {"msgctxt", "msgid"}:
            current[field] += ast.literal_eval(line)
    if "msgid" in current:
        entries.append(current)
    return [
        f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        for e in entries
        if e["msgid"]
    ]


def test_the_chinese_catalogue_is_complete_and_compiled():
    """Every msgid is translated, not fuzzy, and compiled into the committed .mo file.

    The .mo is in the repository, so a fresh clone serves Chinese without gettext.
    """
    msgids = po_msgids(CATALOGUE / "django.po")
    assert len(msgids) > 1000
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    translated = {key[0] if isinstance(key, tuple) else key for key in compiled if compiled[key]}
    missing = [msgid for msgid in msgids if msgid not in translated]
    assert not missing, f"{len(missing)} strings untranslated (or fuzzy): {missing[:20]}"


@pytest.fixture
def chinese_caseworker(caseworker):
    caseworker.language = "zh-hant"
    caseworker.save(update_fields=["language"])
    return caseworker


@pytest.mark.parametrize("page", ["dashboard", "clients:list", "clients:detail"])
def test_main_pages_speak_chinese_to_a_user_who_chose_it(
    client, chinese_caseworker, client_record, teams, page
):
    client.force_login(chinese_caseworker)
    kwargs = {"ref": client_record.reference} if page == "clients:detail" else {}
    response = client.get(reverse(page, kwargs=kwargs))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in html
    assert response["Content-Language"] == "zh-hant"
    for chinese in ["客戶", "限期", "轉介", "登出"]:
        assert chinese in html
    # The English navigation is gone.
    for english in [">Clients<", ">Deadlines<", ">Referrals<", ">Dashboard<", "Sign out"]:
        assert english not in html


def test_the_browser_language_applies_until_the_user_chooses(client, caseworker, teams):
    client.force_login(caseworker)
    html = client.get(reverse("dashboard"), headers={"accept-language": "zh-HK,zh;q=0.9"})
    assert "客戶" in html.content.decode()
    html = client.get(reverse("dashboard"), headers={"accept-language": "en"})
    assert ">Clients<" in html.content.decode()


def test_the_users_choice_wins_over_the_browser(client, chinese_caseworker, teams):
    client.force_login(chinese_caseworker)
    html = client.get(reverse("dashboard"), headers={"accept-language": "en"}).content.decode()
    assert "客戶" in html
    assert ">Clients<" not in html


def test_choosing_a_language_saves_it_on_the_account(client, caseworker, teams):
    client.force_login(caseworker)
    page = client.get(reverse("accounts:language"))
    assert "繁體中文" in page.content.decode()
    response = client.post(reverse("accounts:language"), {"language": "zh-hant"}, follow=True)
    caseworker.refresh_from_db()
    assert caseworker.language == "zh-hant"
    assert "已儲存" in response.content.decode()  # the confirmation, already in Chinese
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    # Blank goes back to the browser's language.
    client.post(reverse("accounts:language"), {"language": ""})
    caseworker.refresh_from_db()
    assert caseworker.language == ""


def test_an_unknown_language_is_refused(client, caseworker, teams):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:language"), {"language": "klingon"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.language == ""


def test_the_sign_in_page_switches_language_for_visitors(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert "繁體中文" in page
    response = client.post(
        reverse("set_language"), {"language": "zh-hant", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    page = client.get(reverse("accounts:login")).content.decode()
    assert "登入" in page
    assert "Sign in" not in page


def test_the_language_middleware_costs_no_query(client, caseworker, teams):
    """The user row is already loaded by authentication: a chosen language adds nothing."""
    client.force_login(caseworker)
    client.get(reverse("accounts:language"))  # the first request also writes the session
    with CaptureQueriesContext(connection) as browser_language:
        client.get(reverse("accounts:language"))
    User.objects.filter(pk=caseworker.pk).update(language="zh-hant")
    with CaptureQueriesContext(connection) as own_language:
        response = client.get(reverse("accounts:language"))
    assert response["Content-Language"] == "zh-hant"
    assert len(own_language) == len(browser_language)


@pytest.mark.parametrize(
    ("language", "long", "short", "when"),
    [
        ("en", "5 Mar 2026", "05/03/2026", "5 Mar 2026 14:30"),
        ("zh-hant", "2026年3月5日", "05/03/2026", "2026年3月5日 14:30"),
    ],
)
def test_hong_kong_date_formats(language, long, short, when):
    day = datetime.date(2026, 3, 5)
    with translation.override(language):
        assert formats.date_format(day) == long
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == short
        # A stored (UTC) time shows in Hong Kong time, in the long date-time format.
        stored = datetime.datetime(2026, 3, 5, 6, 30, tzinfo=datetime.UTC)
        assert Template("{{ when }}").render(Context({"when": stored})) == when
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 0  # Sunday


@pytest.mark.parametrize("language", ["en", "zh-hant"])
@pytest.mark.parametrize("typed", ["2026-03-05", "05/03/2026"])
def test_date_fields_read_iso_and_day_first(language, typed):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean(typed) == datetime.date(2026, 3, 5)
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
