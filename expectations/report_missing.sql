-- report_missing: an agency of the registry has no report for the year once its deadline (31 January,
-- or 31 March for a government's own report) has passed on the check date (`as_of` of the batch).
-- The absence is not the agency's fault, and the rule unverifiable, while the crawler reports a problem
-- with the agency's report column (an open site_problem: the site moved, was redesigned or is down), or
-- when a document was collected for the agency and year but could not be read (`document`).
SELECT s.report_id, s.agency_id, s.year,
       CASE WHEN u.input IS NULL THEN 'fail' ELSE 'unverifiable' END AS outcome,
       COALESCE(u.input, 'publication') AS table_key, NULL AS row_key, NULL AS col_key,
       CAST(s.year + 1 AS VARCHAR(4)) || CASE WHEN a.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END
         AS expected,
       s.as_of AS actual, NULL AS other
FROM {batch} s
JOIN agency a ON a.id = s.agency_id
LEFT JOIN (
  SELECT agency_id, NULL AS year, 'site' AS input FROM site_problem WHERE status = 'open'
  UNION
  SELECT agency_id, year, 'document' AS input FROM source_document WHERE status = 'failed' AND agency_id IS NOT NULL
) u ON u.agency_id = s.agency_id AND (u.year IS NULL OR u.year = s.year)
WHERE s.report_id IS NULL AND a.in_registry
  AND s.as_of > CAST(s.year + 1 AS VARCHAR(4))
                || CASE WHEN a.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END
