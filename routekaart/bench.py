"""What the benchmark (bench/run) needs from the server, only when settings.BENCH_BASELINE is on.

A bare view as the baseline (no template, no database) and a response header with the number of database
queries the request made, so the benchmark can report queries per page over HTTP.
"""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse

QUERIES_HEADER = "X-Bench-Queries"


def baseline(request):
    if not settings.BENCH_BASELINE:
        raise Http404
    return HttpResponse("ok", content_type="text/plain")


class QueryCountMiddleware:
    """Counts the queries of the whole request (outermost middleware), database cache reads included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response
