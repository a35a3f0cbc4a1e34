"""Server time and query count per response, as headers: installed only when BENCH_METRICS is set."""

import time

from django.db import connection


class BenchMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
            # Streaming and lazily rendered bodies run their queries before the response leaves the view here.
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
        response["X-Bench-Time-Ms"] = "%.2f" % ((time.perf_counter() - started) * 1000)
        response["X-Bench-Queries"] = str(queries)
        return response
