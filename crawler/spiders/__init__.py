"""One spider per job source; each maps a source's API to the posting record."""
