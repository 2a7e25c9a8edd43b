-- applications_total_row: per column of table 三, （七）总计 = the sum of the outcome rows （一）…（六）.
-- Blank cells count as 0. Unverifiable while （七） or an outcome row of the layout is missing or unreadable.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'applications' AS table_key, 'total' AS row_key,
       c.col_key,
       SUM(CASE WHEN c.row_key <> 'total' THEN COALESCE(c.value, 0) ELSE 0 END) AS expected,
       SUM(CASE WHEN c.row_key = 'total' THEN COALESCE(c.value, 0) ELSE 0 END) AS actual,
       NULL AS other
FROM {batch} s
JOIN application_cell c ON c.report_id = s.report_id
WHERE c.row_key NOT IN ('new', 'carried_in', 'carried_out')
  AND NOT EXISTS (SELECT 1 FROM v_check_application_row v WHERE v.report_id = s.report_id
                    AND v.row_key NOT IN ('new', 'carried_in', 'carried_out') AND v.state <> 'ok'
                    AND (v.in_layout = 1 OR v.state <> 'missing'))
GROUP BY s.report_id, s.agency_id, s.year, c.col_key
HAVING SUM(CASE WHEN c.row_key <> 'total' THEN COALESCE(c.value, 0) ELSE 0 END)
    <> SUM(CASE WHEN c.row_key = 'total' THEN COALESCE(c.value, 0) ELSE 0 END)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications', v.row_key, NULL, NULL, NULL, v.state
FROM {batch} s
JOIN v_check_application_row v ON v.report_id = s.report_id
WHERE v.row_key NOT IN ('new', 'carried_in', 'carried_out') AND v.state <> 'ok'
  AND (v.in_layout = 1 OR v.state <> 'missing')
