"""The form renderer: Django's own, with one shortcut.

Django renders a <select> by including a template for each <option>. The nationality
list has 250 of them and appears on the client list, intake and edit pages, so it cost
10-15 ms of every such page. `FormRenderer` writes select widgets in Python instead,
with exactly the markup of django/forms/widgets/select.html, select_option.html and
attrs.html (tests/test_form_renderer.py compares the two); every other widget goes
through the templates as usual.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(format_html(" {}", name))
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


def render_select(widget: dict) -> SafeString:
    out = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            # Plain string formatting over escaped parts: format_html per option was
            # half the cost of a 250-country list.
            value = conditional_escape(str(option["value"]))
            attrs = _attrs(option["attrs"]) if option["attrs"] else ""
            label = conditional_escape(option["label"])
            out.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 (every part escaped above)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget", {})
        if template_name == SELECT_TEMPLATE and all(
            option.get("template_name") == OPTION_TEMPLATE
            for _name, choices, _index in widget.get("optgroups", ())
            for option in choices
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
