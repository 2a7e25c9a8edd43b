-- row_shape: a row printed with more or fewer values than its layout has (expected and found counts).
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, sh.table_key, sh.row_key, NULL AS col_key,
       sh.expected AS expected, sh.found AS actual, sh.label AS other
FROM {batch} s
JOIN row_shape sh ON sh.report_id = s.report_id
WHERE sh.found <> sh.expected
