"""Errors the API answers with: JSON {"error": {"code", "message", "message_en"}} and the right HTTP status.

A message a person may read is given in both languages, `message` in Vietnamese and `message_en` in English,
never as one "vi / en" string: a page in one language shows its own (static/js/messages.js, Messages.error),
the bilingual pages (administration, sign-in, the plain error page) show `both`. A message for developers
only (a malformed request) may be English alone."""


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, status: int | None = None, **extra):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status = status or self.status
        self.extra = extra  # more JSON keys inside "error": message_en, the holder of a counter...

    @property
    def both(self) -> str:
        """"Vietnamese / English" for a page that shows both languages at once; the one message if no English."""
        english = self.extra.get("message_en")
        return f"{self.message} / {english}" if english and english != self.message else self.message

    def to_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, **self.extra}}


class BadRequest(ApiError):
    status, code = 400, "bad_request"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class Unprocessable(ApiError):
    status, code = 422, "unprocessable"
