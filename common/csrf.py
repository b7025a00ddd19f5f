"""CSRF protection for pages sent with `Referrer-Policy: no-referrer` (common.pagecache.private_page).

Under that policy a browser posts a form with `Origin: null` and no Referer, which Django's CsrfViewMiddleware
refuses. This decorator keeps Django's check of the CSRF token (cookie and form field) and accepts exactly
that: an Origin of "null" and a missing Referer. Any other Origin or Referer is still checked as usual.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt


class _NoReferrerCsrf(CsrfViewMiddleware):
    def _origin_verified(self, request):
        return request.META.get("HTTP_ORIGIN") == "null" or super()._origin_verified(request)

    def _check_referer(self, request):
        if request.META.get("HTTP_REFERER") is None:
            return
        super()._check_referer(request)


def csrf_without_origin(view):
    """Like csrf_protect, for a view whose page is no-referrer (the site-wide middleware skips it)."""
    return csrf_exempt(decorator_from_middleware(_NoReferrerCsrf)(view))
