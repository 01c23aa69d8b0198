"""Review: the interactive review page's data and assets (and, beside them, applying reviews)."""
