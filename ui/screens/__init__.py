"""One view per journey step; each is thin and holds no business rule."""
