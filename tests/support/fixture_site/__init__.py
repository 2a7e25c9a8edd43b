"""The bundled fixture site: a generated gov-site tree (``build``) and the server that serves it (``serve``)."""
