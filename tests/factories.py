import factory

from catalog import models


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testregio {n}")
    slug = factory.Sequence(lambda n: f"testregio-{n}")
    scope = models.Scope.REGIO
    publication_status = models.PublicationStatus.PUBLISHED

    @factory.post_generation
    def parents(self, create, extracted, **kwargs):
        if create and extracted:
            self.parents.set(extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    slug = factory.Sequence(lambda n: f"testorganisatie-{n}")
    kind = models.OrganisationKind.INTERMEDIAIR
    description = "Een organisatie om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED


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

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)
