"""Form pieces every public form uses."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultilineTextField(forms.CharField):
    """Browsers send line breaks as CRLF but count them as one character against maxlength; so do we."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class HoneypotForm(forms.Form):
    """A form with a field hidden from people (CSS and aria-hidden) that many bots fill in."""

    website = forms.CharField(label=_("Laat dit veld leeg"), required=False, max_length=200)

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
