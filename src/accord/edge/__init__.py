"""What every app's API handlers and pages share at their edge: the error body's schema, the
bounded input types (`fields`), the bounded hand-read parameters (`params`), and the request
helpers (`requests`: the acting user, NotFound as 404, form actions). It imports Django,
Ninja, pydantic, the domain and `members` only, so that every app and the site may use it."""
