from django.shortcuts import get_object_or_404, render

from catalog.models import Region

from . import selectors


def region_detail(request, slug):
    region = get_object_or_404(
        Region.objects.published().prefetch_related("parents", "children", "lineage"), slug=slug
    )
    return render(
        request, "ecosystems/region_detail.html", {"region": region, **selectors.region_overview(region)}
    )
