"""The checks of the spec's §6: the rule catalogue, its Great Expectations suites, findings and Data Docs.

``catalogue`` lists the rules (id, severity, Chinese messages, the SQL in ``expectations/`` that
implements each), ``suites`` runs them through Great Expectations over the warehouse, ``report`` turns
the unexpected rows into findings, ``docs`` makes the Data Docs readable offline. Importing this
package does not import Great Expectations; ``suites`` does.
"""
