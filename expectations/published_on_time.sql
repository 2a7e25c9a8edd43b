-- published_on_time: published (date in the document, else its web page's 发布日期) on or before
-- 31 January of the next year, or 31 March for a government's own report (agency.deadline_kind).
-- Unverifiable when neither date is known, and when the agency's kind is not known (an agency outside
-- the registry whose name does not tell, agency.deadline_known false) and the report came out between
-- the two deadlines: on time for a government, late for a department. After 31 March it is late either way.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'publication' AS table_key, NULL AS row_key,
       NULL AS col_key,
       CAST(s.year + 1 AS VARCHAR(4)) || CASE WHEN a.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END
         AS expected,
       CAST(r.published_on AS VARCHAR(10)) AS actual, r.published_on_source AS other
FROM {batch} s
JOIN report r ON r.id = s.report_id
JOIN agency a ON a.id = s.agency_id
WHERE CAST(r.published_on AS VARCHAR(10))
    > CAST(s.year + 1 AS VARCHAR(4)) || CASE WHEN a.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'publication', NULL, NULL, NULL, NULL, 'missing'
FROM {batch} s
JOIN report r ON r.id = s.report_id
WHERE r.published_on IS NULL
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'deadline_kind', NULL, NULL, NULL, NULL, 'missing'
FROM {batch} s
JOIN report r ON r.id = s.report_id
JOIN agency a ON a.id = s.agency_id
WHERE NOT a.deadline_known
  AND CAST(r.published_on AS VARCHAR(10)) > CAST(s.year + 1 AS VARCHAR(4)) || '-01-31'
  AND CAST(r.published_on AS VARCHAR(10)) <= CAST(s.year + 1 AS VARCHAR(4)) || '-03-31'
