"""The crawler's spiders (one: :mod:`crawlers.spiders.annual_reports`)."""
