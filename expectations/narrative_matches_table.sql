-- narrative_matches_table: a count stated in prose equals the 总计 column of its row of table 三:
-- applications received (「受理依申请公开 1 件」, 「未收到政府信息公开申请」 for none) 一、本年新收, applications
-- granted (「予以公开 9 件」) （一）予以公开 (the rule catalogue fills in the map, nianbao.model.CLAIM_ROWS).
-- Unverifiable while that row is missing or unreadable.
WITH claim AS (
    SELECT n.report_id, n.value, n.claim_text,
           CASE n.metric $claim_rows END AS row_key
    FROM narrative_claim n
)
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'applications' AS table_key, m.row_key,
       'total' AS col_key, COALESCE(c.value, 0) AS expected, m.value AS actual, m.claim_text AS other
FROM {batch} s
JOIN claim m ON m.report_id = s.report_id
JOIN application_cell c ON c.report_id = s.report_id AND c.row_key = m.row_key AND c.col_key = 'total'
WHERE m.value <> COALESCE(c.value, 0)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'applications', v.row_key, NULL, NULL, NULL, v.state
FROM {batch} s
JOIN claim m ON m.report_id = s.report_id
JOIN v_check_application_row v ON v.report_id = s.report_id AND v.row_key = m.row_key AND v.state <> 'ok'
