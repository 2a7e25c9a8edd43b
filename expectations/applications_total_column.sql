-- applications_total_column: per row of table 三, the 总计 column = the sum of the six applicant columns.
-- Blank cells count as 0. A row printed with the wrong number of values, or not read from a table the
-- parser could not read, is unverifiable; rows missing altogether are table_complete's to report.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'applications' AS table_key, c.row_key,
       'total' AS col_key,
       SUM(CASE WHEN c.col_key <> 'total' THEN COALESCE(c.value, 0) ELSE 0 END) AS expected,
       SUM(CASE WHEN c.col_key = 'total' THEN COALESCE(c.value, 0) ELSE 0 END) AS actual,
       NULL AS other
FROM {batch} s
JOIN application_cell c ON c.report_id = s.report_id
GROUP BY s.report_id, s.agency_id, s.year, c.row_key
HAVING SUM(CASE WHEN c.col_key <> 'total' THEN COALESCE(c.value, 0) ELSE 0 END)
    <> SUM(CASE WHEN c.col_key = 'total' THEN COALESCE(c.value, 0) ELSE 0 END)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications', v.row_key, NULL, NULL, NULL, v.state
FROM {batch} s
JOIN v_check_application_row v ON v.report_id = s.report_id
WHERE v.state IN ('unreadable', 'unread')
