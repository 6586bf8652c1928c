"""Each person's interface language: a choice kept on their account."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_http_methods

from .models import User

# Strings of libraries whose own catalogues have no Traditional Chinese for them (yet), or
# Taiwan usage where Hong Kong says otherwise: named here so makemessages puts them in ours,
# which Django searches first (LOCALE_PATHS).
LIBRARY_STRINGS = (
    gettext_noop("username"),  # Django says 使用者名稱; Hong Kong, 用戶名稱
    gettext_noop("- Select an option -"),  # Django 6.1's empty choice in a select
    # django-auditlog's actions, shown in a client's History.
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
)


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        labels = {"language": gettext_lazy("Language")}
        help_texts = {
            "language": gettext_lazy(
                "Kept with your account, so it applies on any computer you sign in on."
            )
        }
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language is offered under its own name, so anyone can find theirs.
        self.fields["language"].choices = [("", gettext_lazy("The browser's language"))] + [
            (code, translation.get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ]


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    # Only this field is checked: older accounts may not pass today's rules for the others.
    user.language = User._meta.get_field("language").clean(language, user)
    user.save(update_fields=["language"])
    return user


@require_http_methods(["GET", "POST"])
def language_choose(request):
    form = LanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_language_set(user=request.user, language=form.cleaned_data["language"])
        # The new choice applies to this very response, message included.
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your language has been saved."))
        response = redirect("accounts:language")
        # Kept in the language cookie too, so the sign-in page speaks it after signing out.
        if user.language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        else:
            response.delete_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
            )
        return response
    return render(request, "accounts/language.html", {"form": form})
