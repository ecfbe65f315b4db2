"""A bench-only Django configuration: the same settings with a URLconf that serves fixed bytes."""
