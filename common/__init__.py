"""Plumbing the apps share and nothing domain-specific: a rate limit and form pieces for public forms."""
