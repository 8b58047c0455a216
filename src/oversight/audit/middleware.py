from oversight.base.acting import acting


class AuditContextMiddleware:
    """Makes the request (its user, its address) known to the audit signals."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(request=request):
            return self.get_response(request)
