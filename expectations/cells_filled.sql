-- cells_filled: every cell of tables 三 and 四 holds a number. Cells printed blank, 「/」 or 「—」 are stored
-- blank (not 0) and named here, including those of rows printed with the wrong number of values
-- (named by their position in the row).
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'applications' AS table_key, c.row_key, c.col_key,
       NULL AS expected, NULL AS actual, NULL AS other
FROM {batch} s
JOIN application_cell c ON c.report_id = s.report_id
WHERE c.blank
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', 'review_litigation', NULL, c.col_key, NULL, NULL, NULL
FROM {batch} s
JOIN review_litigation_cell c ON c.report_id = s.report_id
WHERE c.blank
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', v.table_key, v.row_key, CAST(v.position AS VARCHAR(8)), NULL,
       NULL, 'position'
FROM {batch} s
JOIN row_shape sh ON sh.report_id = s.report_id AND sh.found <> sh.expected
JOIN row_shape_value v ON v.report_id = sh.report_id AND v.table_key = sh.table_key AND v.row_key = sh.row_key
WHERE sh.table_key IN ('applications', 'review_litigation') AND v.blank
