from django import forms


class MultilineTextField(forms.CharField):
    """Browsers send line breaks as CRLF but count them as one character against maxlength; so do we."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")
