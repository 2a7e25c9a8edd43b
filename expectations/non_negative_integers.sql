-- non_negative_integers: counts are whole and >= 0. Only F2019's 本年增/减 (`change`) may be negative,
-- and only money (`amount_10k_yuan`) may be decimal. Values of rows printed with the wrong number of
-- values are checked as found in tables 三 and 四 (all counts there); in table 二, whose columns differ in
-- kind, such a row is unverifiable.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'active_disclosure' AS table_key, c.row_key,
       c.col_key, NULL AS expected, c.value AS actual, NULL AS other
FROM {batch} s
JOIN active_disclosure_cell c ON c.report_id = s.report_id
WHERE (c.value < 0 AND c.col_key <> 'change')
   OR (c.col_key <> 'amount_10k_yuan' AND c.value <> CAST(c.value AS BIGINT))
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', 'applications', c.row_key, c.col_key, NULL, c.value, NULL
FROM {batch} s
JOIN application_cell c ON c.report_id = s.report_id
WHERE c.value < 0 OR c.value <> CAST(c.value AS BIGINT)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', 'review_litigation', NULL, c.col_key, NULL, c.value, NULL
FROM {batch} s
JOIN review_litigation_cell c ON c.report_id = s.report_id
WHERE c.value < 0 OR c.value <> CAST(c.value AS BIGINT)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', v.table_key, v.row_key, CAST(v.position AS VARCHAR(8)), NULL,
       v.value, 'position'
FROM {batch} s
JOIN row_shape sh ON sh.report_id = s.report_id AND sh.found <> sh.expected
JOIN row_shape_value v ON v.report_id = sh.report_id AND v.table_key = sh.table_key AND v.row_key = sh.row_key
WHERE sh.table_key IN ('applications', 'review_litigation')
  AND (v.value < 0 OR v.value <> CAST(v.value AS BIGINT))
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', sh.table_key, sh.row_key, NULL, NULL, NULL, 'unreadable'
FROM {batch} s
JOIN row_shape sh ON sh.report_id = s.report_id AND sh.found <> sh.expected
WHERE sh.table_key = 'active_disclosure'
