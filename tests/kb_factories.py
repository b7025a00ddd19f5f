"""Factories for the kennisbank's records (KnowledgeOffer, LearningCommunity), in the style of
tests/factories.py: relations as lists, e.g. `KnowledgeOfferFactory(regions=[twente], factors=[arbeid])`."""

import factory

from catalog import models
from tests.factories import OrganisationFactory, _set_relation


class KnowledgeOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.KnowledgeOffer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testaanbod {n:03d}")
    slug = factory.Sequence(lambda n: f"testaanbod-{n}")
    provider = factory.SubFactory(OrganisationFactory, kind=models.OrganisationKind.KENNISINSTELLING)
    form = models.KnowledgeForm.ADVIES
    summary = "Aanbod om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    themes = _set_relation("themes")


class LearningCommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LearningCommunity
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testleergemeenschap {n:03d}")
    slug = factory.Sequence(lambda n: f"testleergemeenschap-{n}")
    theme = "Samen leren"
    contact = factory.SubFactory(OrganisationFactory)
    status = models.CommunityStatus.ACTIEF
    summary = "Een leergemeenschap om mee te testen."
    publication_status = models.PublicationStatus.PUBLISHED
    participants = _set_relation("participants")
    regions = _set_relation("regions")
    factors = _set_relation("factors")
    themes = _set_relation("themes")
