"""The negotiation fixtures (an adopted text, the states' keys) for the ledger's tests."""

from negotiation_fixtures import adopted, draft, keys  # noqa: F401
