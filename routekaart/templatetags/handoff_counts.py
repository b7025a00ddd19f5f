"""{% handoff_counts as counts %}: the new and overdue questions the logged-in user may see, for /beheer/ and
the review dashboard (catalog's templates, which cannot import routekaart)."""

from django import template
from django.urls import reverse

from routekaart import cases
from routekaart.admin import loket_side

register = template.Library()


@register.simple_tag(takes_context=True)
def handoff_counts(context):
    """{"new", "overdue", "url_new", "url_overdue"} or None for a user without the right to see questions."""
    user = context["request"].user
    if not user.has_perm("routekaart.view_handoffrequest"):
        return None
    found = cases.counts(loket_side(user))  # the loket's counts; a referral receiver's are not its own
    changelist = reverse("admin:routekaart_handoffrequest_changelist")
    return {
        **found,
        "url_new": f"{changelist}?status__exact={cases.NIEUW}",
        "url_overdue": f"{changelist}?te_laat=ja",
    }
