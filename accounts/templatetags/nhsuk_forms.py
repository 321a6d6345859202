"""NHS.UK design-system form rendering: the form renderer, a date widget and the tags.

Every Django form in every app is drawn by templates/django/forms/div.html and field.html
through `NHSUKFormRenderer` (settings.FORM_RENDERER), so labels, hints, errors beside the
field and the `--error` modifiers come for free. The tags below classify a bound field's
widget and render it with the design system's classes; the templates hold the markup.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django import forms, template
from django.conf import settings
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


class NHSUKFormRenderer(DjangoTemplates):
    """Look in the project's templates/ before Django's own form templates.

    Django's default renderer never sees templates/, and TemplatesSetting would lose the
    built-in widget templates the admin extends (django.forms is not an installed app),
    so search both: our overrides first, Django's widgets as the fallback.
    """

    @cached_property
    def engine(self) -> DjangoTemplatesBackend:
        dirs = [
            Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])
        ]
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [*dirs, Path(django.forms.__file__).parent / "templates"],
                "NAME": "nhsukforms",
                "OPTIONS": {},
            }
        )


class DateInput(forms.MultiWidget):
    """The NHS.UK date input: day, month and year boxes posted as `<name>_day` etc.

    Partial or impossible dates reach the field as text it cannot parse, so DateField
    reports "Enter a valid date." instead of the entry silently vanishing.
    """

    template_name = "django/forms/widgets/multiwidget.html"
    use_fieldset = True
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            name: forms.TextInput(attrs={"inputmode": "numeric"})
            for name, _, _ in self.parts
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        day, month, year = (
            (data.get(f"{name}_{part}") or "").strip() for part, _, _ in self.parts
        )
        if not (day or month or year):
            return None
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{part}" not in data for part, _, _ in self.parts)


def _widget(field: BoundField) -> forms.Widget:
    return field.field.widget


@register.filter
def nhsuk_kind(field: BoundField) -> str:
    """Name the design-system component that draws this field's widget."""
    widget = _widget(field)
    checks: list[tuple[type | tuple[type, ...], str]] = [
        (forms.HiddenInput, "hidden"),
        (DateInput, "date"),
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.CheckboxInput, "checkbox"),
        ((forms.Select, forms.SelectMultiple), "select"),
        (forms.Textarea, "textarea"),
        (forms.PasswordInput, "password"),
        (forms.FileInput, "file"),
    ]
    for types, kind in checks:
        if isinstance(widget, types):
            return kind
    return "input"


@register.filter
def nhsuk_hint_id(field: BoundField) -> str:
    return f"{field.auto_id}-hint"


@register.filter
def nhsuk_error_id(field: BoundField) -> str:
    return f"{field.auto_id}-error"


@register.filter
def nhsuk_describedby(field: BoundField) -> str:
    """Join the hint and error ids a screen reader should read with the field."""
    ids = []
    if field.help_text:
        ids.append(nhsuk_hint_id(field))
    if field.errors:
        ids.append(nhsuk_error_id(field))
    return " ".join(ids)


@register.filter
def nhsuk_error_target(field: BoundField) -> str:
    """Return the id an error-summary link should focus: the first control."""
    kind = nhsuk_kind(field)
    if kind in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    if kind == "date":
        return f"{field.auto_id}_day"
    return field.id_for_label or field.auto_id or field.html_name


_WIDGET_CLASSES = {
    "input": "nhsuk-input",
    "password": "nhsuk-input nhsuk-password-input__input nhsuk-js-password-input-input",
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "file": "nhsuk-file-upload__input",
    "checkbox": "nhsuk-checkboxes__input",
}
_ERROR_CLASSES = {
    "input": "nhsuk-input--error",
    "password": "nhsuk-input--error",
    "textarea": "nhsuk-textarea--error",
    "select": "nhsuk-select--error",
}


@register.simple_tag
def nhsuk_widget(field: BoundField) -> SafeString:
    """Render the field's own widget with the design system's classes and ARIA links."""
    kind = nhsuk_kind(field)
    classes = [_WIDGET_CLASSES.get(kind, "")]
    if field.errors and kind in _ERROR_CLASSES:
        classes.append(_ERROR_CLASSES[kind])
    classes.append(_widget(field).attrs.get("class", ""))
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    describedby = nhsuk_describedby(field)
    if describedby:
        attrs["aria-describedby"] = describedby
    if kind == "password":
        attrs.setdefault("spellcheck", "false")
        attrs.setdefault("autocapitalize", "none")
    return field.as_widget(attrs=attrs)


@register.simple_tag
def nhsuk_choice_input(choice: BoundWidget, kind: str) -> SafeString:
    """Render one radio or checkbox input alone, so its label can follow it."""
    data = choice.data
    attrs = {
        key: value
        for key, value in data["attrs"].items()
        if key not in {"class", "required"} and value is not False
    }
    css = "nhsuk-radios__input" if kind == "radios" else "nhsuk-checkboxes__input"
    attrs.update(
        {
            "class": css,
            "id": choice.id_for_label,
            "name": data["name"],
            "type": data["type"],
            "value": "" if data["value"] is None else str(data["value"]),
        }
    )
    if data["selected"]:
        attrs["checked"] = True
    return format_html("<input{}>", flatatt(attrs))


@register.simple_tag
def nhsuk_date_parts(field: BoundField) -> list[dict[str, Any]]:
    """Return the day, month and year boxes of a DateInput field, values kept."""
    widget = _widget(field)
    assert isinstance(widget, DateInput)
    values = widget.decompress(field.value())
    return [
        {
            "id": f"{field.auto_id}_{part}",
            "name": f"{field.html_name}_{part}",
            "label": label,
            "width": width,
            "value": value or "",
        }
        for (part, label, width), value in zip(widget.parts, values, strict=True)
    ]
