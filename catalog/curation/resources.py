"""Import and export of organisations, instruments, practice examples, knowledge offers and learning
communities as CSV and XLSX (django-import-export).

Columns are what a person edits in a spreadsheet: the slug names the record, relations are slugs separated by
commas (types of entrepreneur by their letter), sources are "document:first-last" or "url|date", separated by
semicolons. Every row is checked like the admin form would (full_clean with the database constraints, unknown
slugs, empty required lists); an import in which any row fails changes nothing.

Cells that start like a formula (=, +, -, @, tab, CR) leave with an apostrophe in front and come back without
it (common/spreadsheet.py, one guard for every export).

Who may import: superusers and provincial administrators (`may_import`); every updated row must also lie in
the importer's scope (`roles.editable`). New records land as concept unless the importer may publish;
the publication status of existing records only changes when the importer may publish.
"""

import datetime
import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from catalog.models import (
    Ambassador,
    Document,
    EntrepreneurType,
    Factor,
    FirmSize,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Organisation,
    Phase,
    PracticeExample,
    PublicationStatus,
    Region,
    Source,
    Theme,
)
from common.spreadsheet import plain_cell, spreadsheet_cell

from . import roles

LIST_SEPARATOR = ","
SOURCE_SEPARATOR = ";"
_LINES = re.compile(r"^(?P<code>[\w-]+):(?P<start>\d+)(?:-(?P<end>\d+))?$")


def may_import(user):
    return roles.is_provincial_admin(user)


def may_publish(user):
    return roles.can_publish(user)


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key by slug; an unknown slug is a clear error on its row, not a crash."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("Onbekende %(kind)s: %(slug)s") % {"kind": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Many-to-many as comma-separated slugs; every slug must exist."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        keys = [key.strip() for key in str(value).split(self.separator) if key.strip()]
        found = {
            getattr(obj, self.field): obj for obj in self.model.objects.filter(**{f"{self.field}__in": keys})
        }
        unknown = [key for key in keys if key not in found]
        if unknown:
            raise ValueError(
                _("Onbekend (%(kind)s): %(values)s")
                % {"kind": self.model._meta.verbose_name_plural, "values": ", ".join(unknown)}
            )
        return list(dict.fromkeys(found[key] for key in keys))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(sorted(str(getattr(item, self.field)) for item in value.all()))


def render_source(source):
    if source.document_id:
        return f"{source.document.code}:{source.line_start}-{source.line_end}"
    return f"{source.url}|{source.retrieved_on:%Y-%m-%d}"


def parse_source(text):
    """A citation from "000:12-20" (lines of a document) or "https://...|2026-01-05" (a page and a date)."""
    text = text.strip()
    match = _LINES.match(text)
    if match:
        start = int(match["start"])
        end = int(match["end"] or start)
        if end < start:
            raise ValueError(_("Regels %(text)s: het eind ligt voor het begin.") % {"text": text})
        document = Document.objects.filter(code=match["code"]).first()
        if document is None:
            raise ValueError(_("Onbekend brondocument: %(code)s") % {"code": match["code"]})
        return Source.objects.get_or_create(document=document, line_start=start, line_end=end)[0]
    url, bar, date = text.rpartition("|")
    if not bar:
        raise ValueError(
            _("Bron %(text)s niet begrepen: schrijf document:regels (000:12-20) of webadres|datum.")
            % {"text": text}
        )
    try:
        URLValidator(schemes=["http", "https"])(url.strip())
        retrieved_on = datetime.date.fromisoformat(date.strip())
    except (ValidationError, ValueError):
        raise ValueError(
            _("Bron %(text)s: geen geldig webadres of geen datum als 2026-01-31.") % {"text": text}
        ) from None
    source = Source.objects.filter(url=url.strip(), retrieved_on=retrieved_on, document=None).first()
    return source or Source.objects.create(url=url.strip(), retrieved_on=retrieved_on)


class SourcesWidget(widgets.ManyToManyWidget):
    def __init__(self, **kwargs):
        super().__init__(Source, separator=SOURCE_SEPARATOR, **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        parts = [part for part in str(value).split(self.separator) if part.strip()]
        sources, errors = [], []
        for part in parts:
            try:
                sources.append(parse_source(part))
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise ValueError(" ".join(errors))
        return list(dict.fromkeys(sources))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(sorted(render_source(source) for source in value.all()))


class WordsWidget(widgets.Widget):
    """A list of words (`inferred` of instruments and knowledge offers) as one cell: "provider, name"."""

    def clean(self, value, row=None, **kwargs):
        return [word.strip() for word in str(value or "").split(",") if word.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


def _text(attribute, column):
    return fields.Field(
        attribute=attribute,
        column_name=column,
        widget=widgets.CharWidget(coerce_to_string=True, allow_blank=True),
    )


class DateWidget(widgets.DateWidget):
    """A date as 2026-01-31; anything else is explained in Dutch (the library's message is English)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(_("Geen datum als 2026-01-31: %(value)s") % {"value": value}) from None


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(_("Geen heel getal: %(value)s") % {"value": value}) from None


def _date(attribute, column):
    return fields.Field(attribute=attribute, column_name=column, widget=DateWidget("%Y-%m-%d"))


def _m2m(attribute, column, model, field="slug"):
    return fields.Field(attribute=attribute, column_name=column, widget=SlugsWidget(model, field=field))


def file_errors(result, resource_class):
    """Every error of an import as (line, column, message), in the file's own terms: line 1 is the header,
    so a row's line is its number plus one; columns by the file's names, not the model's fields."""
    columns = {}
    for name, field in resource_class().fields.items():
        columns[name] = field.column_name
        if field.attribute:
            columns.setdefault(field.attribute, field.column_name)
    errors = []
    for number, row_errors in result.row_errors():
        errors += [(number + 1, "", str(error.error)) for error in row_errors]
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else columns.get(key, key)
            errors += [(row.number + 1, column, message) for message in messages]
    return sorted(errors, key=lambda error: error[0])


class PublicRecordResource(resources.ModelResource):
    """Shared rules: slug as id, strict validation, all-or-nothing, scope and publication rights per row."""

    slug = _text("slug", "slug")
    publication_status = _text("publication_status", "publicatiestatus")
    last_reviewed = _date("last_reviewed", "laatst_gecontroleerd")
    internal_note = _text("internal_note", "notitie_redactie")
    sources = fields.Field(attribute="sources", column_name="bronnen", widget=SourcesWidget())

    class Meta:
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, *args, **kwargs):
        kwargs["rollback_on_validation_errors"] = True  # any error in any row: nothing changes
        return super().import_data(dataset, *args, **kwargs)

    def export_field(self, field, instance, **kwargs):
        return spreadsheet_cell(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():  # a file exported here comes back without the formula guard
            row[column] = plain_cell(value)
        return super().before_import_row(row, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        user = kwargs.get("user")
        if user is None or new:
            return
        if not roles.editable(user, type(instance).objects.filter(pk=instance.pk)).exists():
            raise ValidationError(_("U mag %(record)s niet wijzigen.") % {"record": instance})

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        original_status = instance.publication_status
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            required = not instance._meta.get_field(field.attribute).blank
            if field.column_name not in row:
                if required and instance._state.adding:
                    errors[field.attribute] = ValidationError(
                        _("Kolom %(column)s ontbreekt.") % {"column": field.column_name}
                    )
                continue
            try:
                value = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error))
                continue
            if required and not value:
                errors[field.attribute] = ValidationError(_("Vul minstens één waarde in."))
        user = kwargs.get("user")
        if user is not None and not may_publish(user):
            instance.publication_status = (
                PublicationStatus.CONCEPT if instance._state.adding else original_status
            )
        if errors:
            raise ValidationError(errors)


class OrganisationResource(PublicRecordResource):
    name = _text("name", "naam")
    kind = _text("kind", "soort")
    level = _text("level", "niveau")
    collaboration_form = _text("collaboration_form", "vorm_samenwerking")
    place = _text("place", "plaats")
    website = _text("website", "website")
    email = _text("email", "e_mail")
    phone = _text("phone", "telefoon")
    visiting_address = _text("visiting_address", "bezoekadres")
    contact_url = _text("contact_url", "contactpagina")
    description = _text("description", "omschrijving")
    regions = _m2m("regions", "werkgebied", Region)
    factors = _m2m("factors", "factoren", Factor)
    entrepreneur_types = _m2m("entrepreneur_types", "typen_ondernemer", EntrepreneurType, field="code")
    themes = _m2m("themes", "themas", Theme)

    class Meta(PublicRecordResource.Meta):
        model = Organisation
        name = "Organisaties"
        fields = [
            "slug", "name", "kind", "level", "collaboration_form", "place", "website", "email", "phone",
            "visiting_address", "contact_url", "description", *Organisation.RELATIONS, "publication_status",
            "last_reviewed", "internal_note", "sources",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return Organisation.objects.prefetch_related(*Organisation.RELATIONS, "sources__document")


class InstrumentResource(PublicRecordResource):
    name = _text("name", "naam")
    kind = _text("kind", "soort")
    provider = fields.Field(
        attribute="provider", column_name="aanbieder", widget=SlugWidget(Organisation, "slug")
    )
    other_providers = _m2m("other_providers", "ook_aangeboden_door", Organisation)
    status = _text("status", "status")
    status_note = _text("status_note", "toelichting_status")
    opens_on = _date("opens_on", "open_vanaf")
    closes_on = _date("closes_on", "sluit_op")
    amount_min = fields.Field(attribute="amount_min", column_name="bedrag_vanaf", widget=IntegerWidget())
    amount_max = fields.Field(attribute="amount_max", column_name="bedrag_tot", widget=IntegerWidget())
    amount_note = _text("amount_note", "toelichting_bedrag")
    inferred = fields.Field(attribute="inferred", column_name="afgeleid", widget=WordsWidget())
    website = _text("website", "website")
    firms_can_apply = fields.Field(
        attribute="firms_can_apply", column_name="bedrijf_kan_aanvragen", widget=widgets.BooleanWidget()
    )
    description = _text("description", "omschrijving")
    regions = _m2m("regions", "regios", Region)
    factors = _m2m("factors", "factoren", Factor)
    phases = _m2m("phases", "fasen", Phase)
    entrepreneur_types = _m2m("entrepreneur_types", "typen_ondernemer", EntrepreneurType, field="code")
    firm_sizes = _m2m("firm_sizes", "bedrijfsgroottes", FirmSize)
    themes = _m2m("themes", "themas", Theme)
    next_steps = _m2m("next_steps", "volgende_stappen", Instrument)

    class Meta(PublicRecordResource.Meta):
        model = Instrument
        name = "Instrumenten"
        fields = [
            "slug", "name", "kind", "provider", "status", "status_note", "opens_on", "closes_on",
            "amount_min", "amount_max", "amount_note", "inferred", "website", "firms_can_apply",
            "description", *Instrument.RELATIONS,
            "publication_status", "last_reviewed", "internal_note", "sources",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return Instrument.objects.select_related("provider").prefetch_related(
            *Instrument.RELATIONS, "sources__document"
        )


class PracticeExampleResource(PublicRecordResource):
    title = _text("title", "titel")
    collection = _text("collection", "collectie")
    region = fields.Field(attribute="region", column_name="regio", widget=SlugWidget(Region, "slug"))
    place = _text("place", "plaats")
    period = _text("period", "looptijd")
    partners_note = _text("partners_note", "andere_partners")
    summary = _text("summary", "samenvatting")
    what_they_did = _text("what_they_did", "wat_ze_deden")
    results = _text("results", "resultaten")
    active_ingredients = _text("active_ingredients", "werkzame_bestanddelen")
    lessons = _text("lessons", "lessen")
    other_regions = _m2m("other_regions", "ook_in", Region)
    organisations = _m2m("organisations", "uitgevoerd_door", Organisation)
    partners = _m2m("partners", "partners", Organisation)
    instruments = _m2m("instruments", "instrumenten", Instrument)
    themes = _m2m("themes", "themas", Theme)
    factors = _m2m("factors", "factoren", Factor)
    entrepreneur_types = _m2m("entrepreneur_types", "typen_ondernemer", EntrepreneurType, field="code")

    class Meta(PublicRecordResource.Meta):
        model = PracticeExample
        name = "Praktijkvoorbeelden"
        fields = [
            "slug", "title", "collection", "region", "place", "period", "partners_note", "summary",
            "what_they_did", "results", "active_ingredients", "lessons", *PracticeExample.RELATIONS,
            "publication_status", "last_reviewed", "internal_note", "sources",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return PracticeExample.objects.select_related("region").prefetch_related(
            *PracticeExample.RELATIONS, "sources__document"
        )


class KnowledgeOfferResource(PublicRecordResource):
    name = _text("name", "naam")
    provider = fields.Field(
        attribute="provider", column_name="aanbieder", widget=SlugWidget(Organisation, "slug")
    )
    form = _text("form", "vorm")
    level = _text("level", "niveau")
    aim = _text("aim", "doel")
    duration = _text("duration", "duur")
    summary = _text("summary", "samenvatting")
    description = _text("description", "omschrijving")
    starts = _text("starts", "start")
    how_to_start = _text("how_to_start", "hoe_contact")
    website = _text("website", "website")
    inferred = fields.Field(attribute="inferred", column_name="afgeleid", widget=WordsWidget())
    regions = _m2m("regions", "werkgebied", Region)
    factors = _m2m("factors", "factoren", Factor)
    themes = _m2m("themes", "themas", Theme)

    class Meta(PublicRecordResource.Meta):
        model = KnowledgeOffer
        name = "Kennisaanbod"
        fields = [
            "slug", "name", "provider", "form", "level", "aim", "duration", "summary", "description",
            "starts", "how_to_start", "website", "inferred", *KnowledgeOffer.RELATIONS,
            "publication_status", "last_reviewed", "internal_note", "sources",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return KnowledgeOffer.objects.select_related("provider").prefetch_related(
            *KnowledgeOffer.RELATIONS, "sources__document"
        )


class LearningCommunityResource(PublicRecordResource):
    name = _text("name", "naam")
    theme = _text("theme", "onderwerp")
    contact = fields.Field(
        attribute="contact", column_name="contactorganisatie", widget=SlugWidget(Organisation, "slug")
    )
    participants = _m2m("participants", "deelnemers", Organisation)
    participants_note = _text("participants_note", "andere_deelnemers")
    status = _text("status", "status")
    rhythm = _text("rhythm", "hoe_vaak")
    meeting_place = _text("meeting_place", "waar")
    how_to_join = _text("how_to_join", "hoe_meedoen")
    summary = _text("summary", "samenvatting")
    description = _text("description", "omschrijving")
    website = _text("website", "website")
    regions = _m2m("regions", "regio", Region)
    factors = _m2m("factors", "factoren", Factor)
    themes = _m2m("themes", "themas", Theme)

    class Meta(PublicRecordResource.Meta):
        model = LearningCommunity
        name = "Leergemeenschappen"
        fields = [
            "slug", "name", "theme", "contact", "participants_note", "status", "rhythm", "meeting_place",
            "how_to_join", "summary", "description", "website", *LearningCommunity.RELATIONS,
            "publication_status", "last_reviewed", "internal_note", "sources",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return LearningCommunity.objects.select_related("contact").prefetch_related(
            *LearningCommunity.RELATIONS, "sources__document"
        )


class AmbassadorResource(PublicRecordResource):
    name = _text("name", "naam")
    role = _text("role", "functie")
    company = _text("company", "bedrijf")
    organisation = fields.Field(
        attribute="organisation", column_name="organisatie", widget=SlugWidget(Organisation, "slug")
    )
    programme = _text("programme", "programma")
    programme_example = fields.Field(
        attribute="programme_example",
        column_name="programma_praktijkvoorbeeld",
        widget=SlugWidget(PracticeExample, "slug"),
    )
    summary = _text("summary", "samenvatting")
    talks_about = _text("talks_about", "wil_praten_over")
    regions = _m2m("regions", "regio", Region)
    factors = _m2m("factors", "factoren", Factor)
    themes = _m2m("themes", "themas", Theme)

    class Meta(PublicRecordResource.Meta):
        model = Ambassador
        name = "Ambassadeurs"
        fields = [
            "slug", "name", "role", "company", "organisation", "programme", "programme_example", "summary",
            "talks_about", *Ambassador.RELATIONS, "publication_status", "last_reviewed", "internal_note",
            "sources",
        ]  # fmt: skip
        export_order = fields

    def get_queryset(self):
        return Ambassador.objects.select_related("organisation", "programme_example").prefetch_related(
            *Ambassador.RELATIONS, "sources__document"
        )
