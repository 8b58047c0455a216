"""Errors raised by domain rules, understood by both the web views and the API."""


class RuleError(Exception):
    """A business rule refused a change. `field` names the input at fault, if one is."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        return {self.field or "non_field_errors": [str(self.message)]}


class ConflictError(RuleError):
    """Someone else saved the record since it was read (optimistic locking): HTTP 409."""

    def __init__(self, message, field: str = "version"):
        super().__init__(message, field)
