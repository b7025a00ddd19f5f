"""The public forms of the catalog."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import HoneypotForm, MultilineTextField

from .models import OutdatedReport


class OutdatedReportForm(HoneypotForm):
    message = MultilineTextField(
        label=_("Wat klopt er niet?"),
        max_length=OutdatedReport.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 40}),
        error_messages={
            "required": _("Schrijf op wat er niet klopt."),
            "max_length": _(
                "Uw bericht is te lang. Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."
            ),
        },
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres (niet verplicht)"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl. Of laat het veld leeg."),
            "max_length": _("Dit e-mailadres is te lang. Gebruik hoogstens %(limit_value)d tekens."),
        },
    )
