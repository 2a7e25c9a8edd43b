-- narrative_matches_table: a count of applications received stated in prose (「受理依申请公开 1 件」)
-- equals 一、本年新收 in the 总计 column of table 三. Unverifiable while that row is missing or unreadable.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'narrative' AS table_key, 'new' AS row_key,
       'total' AS col_key, COALESCE(c.value, 0) AS expected, n.value AS actual, n.claim_text AS other
FROM {batch} s
JOIN narrative_claim n ON n.report_id = s.report_id AND n.metric = 'applications_received'
JOIN application_cell c ON c.report_id = s.report_id AND c.row_key = 'new' AND c.col_key = 'total'
WHERE n.value <> COALESCE(c.value, 0)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications', v.row_key, NULL, NULL, NULL, v.state
FROM {batch} s
JOIN v_check_application_row v ON v.report_id = s.report_id AND v.row_key = 'new' AND v.state <> 'ok'
WHERE EXISTS (SELECT 1 FROM narrative_claim n WHERE n.report_id = s.report_id AND n.metric = 'applications_received')
