"""The oversight dashboard for the 公开办: a static site (no server, works offline) built from the
warehouse — the compliance matrix per jurisdiction, each agency's history, each report's findings
beside its tables, the crawler's site problems and a link to the Data Docs. :func:`build` writes it."""

from nianbao.dashboard.site import build

__all__ = ["build"]
