"""The kennisbank factories of tests/factories.py with the defaults the route's and pages' tests of the
kennisbank build on: a school as provider, advice as the form, an active community, names that sort by
number."""

import factory

from catalog import models
from tests import factories


class KnowledgeOfferFactory(factories.KnowledgeOfferFactory):
    name = factory.Sequence(lambda n: f"Testaanbod {n:03d}")
    provider = factory.SubFactory(
        factories.OrganisationFactory, kind=models.OrganisationKind.KENNISINSTELLING
    )
    form = models.KnowledgeForm.ADVIES
    summary = "Aanbod om mee te testen."


class LearningCommunityFactory(factories.LearningCommunityFactory):
    name = factory.Sequence(lambda n: f"Testleergemeenschap {n:03d}")
    theme = "Samen leren"
    status = models.CommunityStatus.ACTIEF
