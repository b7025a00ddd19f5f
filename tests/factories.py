"""Factories for the catalog's records: each unit test builds the small world it asserts on.

Vocabulary rows (factors, types, sizes, themes) are fixed lists: their factories get or create by slug,
so they work beside the starting content. Records get unique names and slugs of their own, so a curator's
correction to the starting data never changes what a unit test sees. Relations are passed as lists, e.g.
`InstrumentFactory(regions=[twente], factors=[FactorFactory(slug="kennis")])`.
"""

import factory

from catalog import models


def _set_relation(name):
    """A post-generation hook that sets the many-to-many `name` from the list passed to the factory."""

    def hook(self, create, extracted, **kwargs):
        if create and extracted:
            getattr(self, name).set(extracted)

    hook.__name__ = name
    return factory.post_generation(hook)


class FactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Factor
        django_get_or_create = ("slug",)

    slug = models.FactorSlug.KENNIS
    name = factory.LazyAttribute(lambda factor: models.FactorSlug(factor.slug).label)
    phase = factory.LazyFunction(
        lambda: models.Phase.objects.get_or_create(slug="planfase", defaults={"name": "Planfase"})[0]
    )


class EntrepreneurTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EntrepreneurType
        django_get_or_create = ("code",)

    code = models.EntrepreneurTypeCode.B
    name = factory.LazyAttribute(lambda kind: f"Type {kind.code}")
    definition = "Een type om mee te testen."


class FirmSizeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FirmSize
        django_get_or_create = ("slug",)

    slug = models.FirmSizeSlug.KLEIN
    name = factory.LazyAttribute(lambda size: models.FirmSizeSlug(size.slug).label)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"testthema-{n}")
    name = factory.LazyAttribute(lambda theme: theme.slug.replace("-", " ").capitalize())


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testregio {n}")
    slug = factory.Sequence(lambda n: f"testregio-{n}")
    scope = models.Scope.REGIO
    publication_status = models.PublicationStatus.PUBLISHED
    parents = _set_relation("parents")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    slug = factory.Sequence(lambda n: f"testorganisatie-{n}")
    kind = models.OrganisationKind.INTERMEDIAIR
    description = "Een organisatie om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    entrepreneur_types = _set_relation("entrepreneur_types")
    themes = _set_relation("themes")


class LoketFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Testloket {n}")
    slug = factory.Sequence(lambda n: f"testloket-{n}")
    kind = models.OrganisationKind.INNOVATIELOKET


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Instrument
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testregeling {n}")
    slug = factory.Sequence(lambda n: f"testregeling-{n}")
    kind = models.InstrumentKind.SUBSIDIE
    provider = factory.SubFactory(OrganisationFactory)
    description = "Een regeling om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    entrepreneur_types = _set_relation("entrepreneur_types")
    firm_sizes = _set_relation("firm_sizes")
    themes = _set_relation("themes")
    next_steps = _set_relation("next_steps")
    other_providers = _set_relation("other_providers")


class PracticeExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PracticeExample
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testvoorbeeld {n}")
    slug = factory.Sequence(lambda n: f"testvoorbeeld-{n}")
    collection = models.PracticeExampleCollection.OVERIJSSEL
    region = factory.SubFactory(RegionFactory)
    other_regions = _set_relation("other_regions")
    summary = "Een voorbeeld om mee te testen."
    what_they_did = "Ze deden iets om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    organisations = _set_relation("organisations")
    instruments = _set_relation("instruments")
    factors = _set_relation("factors")
    entrepreneur_types = _set_relation("entrepreneur_types")
    themes = _set_relation("themes")


class KnowledgeOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.KnowledgeOffer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testaanbod {n}")
    slug = factory.Sequence(lambda n: f"testaanbod-{n}")
    provider = factory.SubFactory(OrganisationFactory)
    form = models.KnowledgeForm.STAGE
    summary = "Een aanbod om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    themes = _set_relation("themes")


class LearningCommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LearningCommunity
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testleergemeenschap {n}")
    slug = factory.Sequence(lambda n: f"testleergemeenschap-{n}")
    theme = "Een onderwerp om mee te testen"
    contact = factory.SubFactory(OrganisationFactory)
    summary = "Een leergemeenschap om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    participants = _set_relation("participants")
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    themes = _set_relation("themes")


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Ambassador
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testambassadeur {n}")
    slug = factory.Sequence(lambda n: f"testambassadeur-{n}")
    company = factory.Sequence(lambda n: f"Testbedrijf {n} BV")
    programme = "Testpioniers"
    summary = "Een verhaal om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    themes = _set_relation("themes")


class ChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Checklist
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Testchecklist {n}")
    slug = factory.Sequence(lambda n: f"testchecklist-{n}")
    publication_status = models.PublicationStatus.PUBLISHED
    factors = _set_relation("factors")


def province_world(*, slug="testprovincie"):
    """A province of its own with one region, one municipality in it and a loket for the region.

    Tests that need "the portal's province" point settings.PORTAL_PROVINCE at `slug`.
    """
    province = RegionFactory(name="Testprovincie", slug=slug, scope=models.Scope.PROVINCIE)
    region = RegionFactory(parents=[province])
    municipality = RegionFactory(scope=models.Scope.GEMEENTE, parents=[region])
    loket = LoketFactory(regions=[region])
    return {"province": province, "region": region, "municipality": municipality, "loket": loket}
