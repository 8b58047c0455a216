"""The process's long-lived objects, kept out of the garbage collector's full passes."""

import gc


def settle() -> None:
    """Leave what the process has loaded so far out of the garbage collector's full passes.

    Modules, settings, URL patterns and the caches filled on start live as long as the
    process (about 190,000 objects); each full collection walked all of them again — 75 ms
    once every few dozen requests, about a tenth of a list request's CPU (issue 17).
    `gc.freeze()` moves them to the permanent generation; what requests allocate is
    collected as before. Called once the application is loaded (`oversight.wsgi`)."""
    gc.collect()
    gc.freeze()
