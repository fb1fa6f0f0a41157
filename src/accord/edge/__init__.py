"""What every app's API shares at its edge: the error body's schema and the bounded input
types (`fields`). It imports only Ninja, pydantic and the domain, so that every app and the
site may use it."""
