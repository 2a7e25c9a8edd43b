"""The errors the pipeline lets through to its callers, each with a one-line Chinese message for staff.

:class:`StepError` is the pipeline's own: a step that could not run (a crawl that did not finish, ``--fast``
off loopback, a setting the alerts cannot use). The others are raised by the layers below and named here so
that the commands catch them from the pipeline: a registry that cannot be read (:class:`RegistryError`), a
crawl process that failed (:class:`CrawlError`), a warehouse that does not exist or is not migrated
(:class:`WarehouseNotReady`), an auditor query not found or given a bad parameter (:class:`QueryNotFound`,
:class:`QueryParamError`).
"""

from __future__ import annotations

from crawlers.registry import RegistryError
from crawlers.run import CrawlError
from nianbao.warehouse.migrate import WarehouseNotReady
from nianbao.warehouse.queries import QueryNotFound, QueryParamError

__all__ = ["CrawlError", "QueryFailed", "QueryNotFound", "QueryParamError", "RegistryError", "StepError",
           "WarehouseNotReady"]


class StepError(RuntimeError):
    """A step could not run; the message is for 公开办 staff and operators."""


class QueryFailed(RuntimeError):
    """The database refused an auditor query; the message names the query and the database's reason."""
