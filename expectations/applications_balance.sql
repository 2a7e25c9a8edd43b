-- applications_balance: per column of table 三, 一、新收 + 二、上年结转 = （七）总计 + 四、结转下年度.
-- Blank cells count as 0. Unverifiable while any of the four rows is missing or unreadable.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'applications' AS table_key, NULL AS row_key,
       c.col_key,
       SUM(CASE WHEN c.row_key IN ('new', 'carried_in') THEN COALESCE(c.value, 0) ELSE 0 END) AS expected,
       SUM(CASE WHEN c.row_key IN ('total', 'carried_out') THEN COALESCE(c.value, 0) ELSE 0 END) AS actual,
       NULL AS other
FROM {batch} s
JOIN application_cell c ON c.report_id = s.report_id
WHERE c.row_key IN ('new', 'carried_in', 'total', 'carried_out')
  AND NOT EXISTS (SELECT 1 FROM v_check_application_row v WHERE v.report_id = s.report_id
                    AND v.row_key IN ('new', 'carried_in', 'total', 'carried_out') AND v.state <> 'ok')
GROUP BY s.report_id, s.agency_id, s.year, c.col_key
HAVING SUM(CASE WHEN c.row_key IN ('new', 'carried_in') THEN COALESCE(c.value, 0) ELSE 0 END)
    <> SUM(CASE WHEN c.row_key IN ('total', 'carried_out') THEN COALESCE(c.value, 0) ELSE 0 END)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications', v.row_key, NULL, NULL, NULL, v.state
FROM {batch} s
JOIN v_check_application_row v ON v.report_id = s.report_id
WHERE v.row_key IN ('new', 'carried_in', 'total', 'carried_out') AND v.state <> 'ok'
