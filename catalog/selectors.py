"""Reads that several pages share."""

from .models import Factor, Instrument, Organisation, PracticeExample


def catalog_counts():
    return {
        "instruments": Instrument.objects.published().count(),
        "organisations": Organisation.objects.published().count(),
        "practice_examples": PracticeExample.objects.published().count(),
    }


def factors_with_phase():
    return Factor.objects.select_related("phase").order_by("order")
