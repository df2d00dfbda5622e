"""The citizen journey's own screens (rating, goodbye, the identity step) and its wiring."""
