"""The pages a Dutch public website owes its users: accessibility statement, privacy statement, contact."""

from django.conf import settings
from django.shortcuts import render

from catalog.reports import EMAIL_RETENTION, HANDLED_EMAIL_RETENTION
from ecosystems.selectors import regions_with_loket


def accessibility(request):
    return render(request, "pages/accessibility.html")


def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "retention_days": EMAIL_RETENTION.days,
            "handled_retention_days": HANDLED_EMAIL_RETENTION.days,
            "handoff_retention_days": settings.HANDOFF_RETENTION_DAYS,
        },
    )


def contact(request):
    return render(request, "pages/contact.html", {"regions": regions_with_loket()})
