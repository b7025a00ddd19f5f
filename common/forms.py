"""Form pieces every public form uses."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

# Unicode categories that have no place in what a visitor types: control characters (Cc: NUL, escape, ...)
# and invisible format characters (Cf: right-to-left override and the other bidi controls, zero-width
# spaces and joiners, the byte order mark). A right-to-left override mirrors a name where staff read it.
INVISIBLE_CATEGORIES = {"Cc", "Cf"}


def visible_text(value, *, keep=""):
    """`value` without control and invisible format characters, except the characters in `keep`."""
    return "".join(
        char for char in value if char in keep or unicodedata.category(char) not in INVISIBLE_CATEGORIES
    )


class PlainTextField(forms.CharField):
    """A one-line text field that drops control and invisible format characters (see INVISIBLE_CATEGORIES)."""

    keep = ""

    def to_python(self, value):
        value = visible_text(super().to_python(value), keep=self.keep)
        return value.strip() if self.strip else value


class MultilineTextField(PlainTextField):
    """Browsers send line breaks as CRLF but count them as one character against maxlength; so do we.
    Line breaks and tabs stay; other control and invisible format characters go."""

    keep = "\n\t"

    def to_python(self, value):
        return super().to_python(value.replace("\r\n", "\n") if isinstance(value, str) else value)


class HoneypotForm(forms.Form):
    """A form with a field hidden from people (CSS and aria-hidden) that many bots fill in."""

    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200)

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
