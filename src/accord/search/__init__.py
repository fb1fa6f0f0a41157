"""Search across the apps (issue 19): concerns, interventions and documents — a document by
its title and the text of its current revision in every language version, or by its
registry symbol — each kind a page of its own, among what the reader may see.

It sits above the apps it reads (the import contract's layers), as their selectors do the
finding and the scoping: `accord.dialogue.selectors.found_concerns` and
`found_interventions`, `accord.negotiation.selectors.found_documents`.
"""
