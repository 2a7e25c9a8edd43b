-- carryover_matches_last_year: per column, this year's 二、上年结转 equals 四、结转下年度 of the same
-- agency's report for the year before (its current version). Blank cells count as 0. Not applicable
-- without a report for the year before; unverifiable while either row is missing or unreadable.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'applications' AS table_key,
       'carried_in' AS row_key, c.col_key, COALESCE(p.value, 0) AS expected, COALESCE(c.value, 0) AS actual,
       NULL AS other
FROM {batch} s
JOIN report prev ON prev.agency_id = s.agency_id AND prev.year = s.year - 1 AND prev.is_current
JOIN application_cell c ON c.report_id = s.report_id AND c.row_key = 'carried_in'
JOIN application_cell p ON p.report_id = prev.id AND p.row_key = 'carried_out' AND p.col_key = c.col_key
WHERE COALESCE(c.value, 0) <> COALESCE(p.value, 0)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications', v.row_key, NULL, NULL, NULL, v.state
FROM {batch} s
JOIN report prev ON prev.agency_id = s.agency_id AND prev.year = s.year - 1 AND prev.is_current
JOIN v_check_application_row v ON v.report_id = s.report_id AND v.row_key = 'carried_in' AND v.state <> 'ok'
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications_previous', v.row_key, NULL, NULL, NULL,
       v.state
FROM {batch} s
JOIN report prev ON prev.agency_id = s.agency_id AND prev.year = s.year - 1 AND prev.is_current
JOIN v_check_application_row v ON v.report_id = prev.id AND v.row_key = 'carried_out' AND v.state <> 'ok'
WHERE s.report_id IS NOT NULL
