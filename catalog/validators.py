"""Plain-text fields of public records hold no HTML: the site escapes text, so markup would show as code."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A tag (<p>, </a>, <br/>, <!-- ...), or a character entity (&amp; &#60;): both mean someone pasted HTML.
HTML_PATTERN = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")

HTML_MESSAGE = _(
    "HTML is niet toegestaan in dit veld. Haal codes als <p> of &amp;nbsp; weg en typ gewone tekst; "
    "een witregel maakt een nieuwe alinea."
)


def contains_html(value):
    return bool(value) and bool(HTML_PATTERN.search(value))


def no_html(value):
    if contains_html(value):
        raise ValidationError(HTML_MESSAGE, code="html")


def html_errors(instance):
    """{field name: [ValidationError]} for each text field of `instance` that contains HTML."""
    errors = {}
    for field in instance._meta.get_fields():
        if _is_plain_text(field) and contains_html(getattr(instance, field.attname, "")):
            errors[field.name] = [ValidationError(HTML_MESSAGE, code="html")]
    return errors


def _is_plain_text(field):
    return (
        isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.SlugField, models.URLField, models.EmailField))
        and not field.choices
        and field.editable
    )


# A phone number as people write it: digits with spaces, dashes, dots or brackets, optionally +country code.
PHONE_PATTERN = re.compile(r"^\+?[0-9(][0-9 ().\-]*$")
PHONE_DIGITS = (5, 15)  # a short number (14 038) up to the longest international one

PHONE_MESSAGE = _(
    "Vul een telefoonnummer in met alleen cijfers, spaties of streepjes, zoals 038 499 88 99 of "
    "+31 38 499 88 99."
)


def phone_digits(value):
    """The number as a tel: link dials it: the digits, with a leading + kept."""
    digits = re.sub(r"\D", "", value or "")
    return f"+{digits}" if (value or "").strip().startswith("+") else digits


def valid_phone(value):
    if not PHONE_PATTERN.match(value or ""):
        raise ValidationError(PHONE_MESSAGE, code="phone")
    low, high = PHONE_DIGITS
    if not low <= len(re.sub(r"\D", "", value)) <= high:
        raise ValidationError(PHONE_MESSAGE, code="phone")
