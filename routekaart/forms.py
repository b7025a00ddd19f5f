"""The public forms: the question to a loket, joining a learning community, sharing knowledge."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from catalog.models import KnowledgeForm, Organisation
from common.forms import HoneypotForm, MultilineTextField, PlainTextField

from .handoff import province_loketten
from .models import HandoffAddition, HandoffRequest, JoinRequest, KnowledgeShare

# What a firm can offer other firms ("ondernemers leren van ondernemers"), first; then the rest.
SHARE_FORMS = [
    (form.value, form.label)
    for form in (
        KnowledgeForm.BEDRIJFSBEZOEK,
        KnowledgeForm.DEMONSTRATIE,
        KnowledgeForm.MENTORING,
        KnowledgeForm.FACILITEITEN,
        KnowledgeForm.STAGE,
        KnowledgeForm.GASTLES,
        KnowledgeForm.OVERIG,
    )
]


def _too_long():
    return _("Dit is te lang. Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")


def _name_field():
    return PlainTextField(
        label=_("Uw naam"),
        max_length=200,
        error_messages={"required": _("Vul uw naam in."), "max_length": _too_long()},
    )


def _email_field(required):
    """The visitor's address; `required`: the message when it is left empty (who needs it to reply)."""
    return forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        error_messages={
            "required": required,
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            "max_length": _too_long(),
        },
    )


class LoketChoiceForm(HoneypotForm):
    """A form sent to the loket of the visitor's region; where the region has none, the visitor chooses."""

    loket = forms.ModelChoiceField(
        label=_("Aan welk innovatieloket wilt u uw vraag stellen?"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een loket"),
        error_messages={
            "required": _("Kies een innovatieloket."),
            "invalid_choice": _("Kies een innovatieloket uit de lijst."),
        },
    )

    def __init__(self, *args, loket=None, choices=None, **kwargs):
        """`loket`: the region's own loket (nothing to choose); else `choices`, the loketten to choose from
        (by default every loket of the province)."""
        super().__init__(*args, **kwargs)
        if loket is None:
            self.fields["loket"].queryset = province_loketten() if choices is None else choices
        else:
            del self.fields["loket"]


class HandoffForm(LoketChoiceForm):
    name = _name_field()
    email = _email_field(_("Vul uw e-mailadres in, zodat het loket u kan antwoorden."))
    company = PlainTextField(
        label=_("Naam van uw bedrijf"),
        max_length=200,
        error_messages={"required": _("Vul de naam van uw bedrijf in."), "max_length": _too_long()},
    )
    question = MultilineTextField(
        label=_("Uw vraag"),
        max_length=HandoffRequest.QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 40}),
        error_messages={"required": _("Schrijf uw vraag op."), "max_length": _too_long()},
    )
    phone = PlainTextField(
        label=_("Uw telefoonnummer (niet verplicht)"),
        required=False,
        max_length=30,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()\-]{5,28}$",
                _("Vul een telefoonnummer in met alleen cijfers, zoals 06 12345678. Of laat het veld leeg."),
            )
        ],
        error_messages={"max_length": _too_long()},
    )
    consent = forms.BooleanField(
        label=_("Ja, het loket mag mijn gegevens en vraag hiervoor gebruiken."),
        error_messages={"required": _("Geef toestemming, anders kunnen we uw vraag niet doorgeven.")},
    )
    # Asked apart from the consent above, unticked: without it the loket cannot refer the question on.
    referral_consent = forms.BooleanField(
        label=_("Mag het loket uw vraag doorsturen naar een andere organisatie die u beter kan helpen?"),
        required=False,
    )


class JoinForm(HoneypotForm):
    """Ik wil meedoen: a request to join a learning community."""

    name = _name_field()
    email = _email_field(_("Vul uw e-mailadres in, zodat de organisatie u kan antwoorden."))
    organisation_name = PlainTextField(
        label=_("Naam van uw bedrijf, school of organisatie"),
        max_length=200,
        error_messages={
            "required": _("Vul de naam van uw bedrijf, school of organisatie in."),
            "max_length": _too_long(),
        },
    )
    message = MultilineTextField(
        label=_("Wat wilt u leren of inbrengen? (niet verplicht)"),
        required=False,
        max_length=JoinRequest.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 40}),
        error_messages={"max_length": _too_long()},
    )
    consent = forms.BooleanField(
        label=_("Ja, de organisatie mag mijn gegevens hiervoor gebruiken."),
        error_messages={"required": _("Geef toestemming, anders kunnen we uw aanmelding niet doorgeven.")},
    )


class ShareForm(LoketChoiceForm):
    """Deel uw kennis: a firm offers what it knows to other firms, through the loket of its region."""

    name = _name_field()
    email = _email_field(_("Vul uw e-mailadres in, zodat het loket u kan antwoorden."))
    organisation_name = PlainTextField(
        label=_("Naam van uw bedrijf"),
        max_length=200,
        error_messages={"required": _("Vul de naam van uw bedrijf in."), "max_length": _too_long()},
    )
    form = forms.ChoiceField(
        label=_("Wat wilt u aanbieden? (niet verplicht)"),
        required=False,
        choices=[("", _("Weet ik nog niet")), *SHARE_FORMS],
        error_messages={"invalid_choice": _("Kies een vorm uit de lijst.")},
    )
    offer = MultilineTextField(
        label=_("Wat kunnen andere ondernemers bij u leren of zien?"),
        max_length=KnowledgeShare.OFFER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 40}),
        error_messages={"required": _("Schrijf op wat u wilt delen."), "max_length": _too_long()},
    )
    ambassador = forms.BooleanField(
        label=_("Ik wil ook als ambassadeur mijn verhaal vertellen aan andere ondernemers."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("Ja, het loket mag mijn gegevens hiervoor gebruiken."),
        error_messages={"required": _("Geef toestemming, anders kunnen we uw aanbod niet doorgeven.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "loket" in self.fields:
            self.fields["loket"].label = _("Via welk innovatieloket wilt u uw kennis delen?")


class AdditionForm(forms.Form):
    """Mijn vraag: information the entrepreneur adds to their question (routekaart/status.py)."""

    text = MultilineTextField(
        label=_("Wat wilt u toevoegen?"),
        max_length=HandoffAddition.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        error_messages={"required": _("Schrijf op wat u wilt toevoegen."), "max_length": _too_long()},
    )
