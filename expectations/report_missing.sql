-- report_missing: an agency of the registry has no report for the year once its deadline (31 January,
-- or 31 March for a government's own report) has passed on the check date (`as_of` of the batch).
-- While the crawler reports a problem with the agency's report column (site_problem open: the site
-- moved, was redesigned or is down), the absence is not the agency's fault: the rule is unverifiable.
SELECT s.report_id, s.agency_id, s.year,
       CASE WHEN EXISTS (SELECT 1 FROM site_problem p WHERE p.agency_id = s.agency_id AND p.status = 'open')
            THEN 'unverifiable' ELSE 'fail' END AS outcome,
       CASE WHEN EXISTS (SELECT 1 FROM site_problem p WHERE p.agency_id = s.agency_id AND p.status = 'open')
            THEN 'site' ELSE 'publication' END AS table_key,
       NULL AS row_key, NULL AS col_key,
       CAST(s.year + 1 AS VARCHAR(4)) || CASE WHEN a.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END
         AS expected,
       s.as_of AS actual, NULL AS other
FROM {batch} s
JOIN agency a ON a.id = s.agency_id
WHERE s.report_id IS NULL AND a.in_registry
  AND s.as_of > CAST(s.year + 1 AS VARCHAR(4))
                || CASE WHEN a.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END
