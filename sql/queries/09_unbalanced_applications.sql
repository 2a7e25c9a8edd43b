-- Which current reports of the latest report year break the 勾稽关系 of table 三 in some column:
-- 本年新收 + 上年结转 ≠ 总计 + 结转下年度 (blank cells count as 0; columns missing a row are left out).
SELECT a.name AS agency,
       r.year,
       n.col_key AS applicant_column,
       n.value AS new,
       ci.value AS carried_in,
       t.value AS total,
       co.value AS carried_out
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN application_cell n ON n.report_id = r.id AND n.row_key = 'new'
JOIN application_cell ci ON ci.report_id = r.id AND ci.row_key = 'carried_in' AND ci.col_key = n.col_key
JOIN application_cell t ON t.report_id = r.id AND t.row_key = 'total' AND t.col_key = n.col_key
JOIN application_cell co ON co.report_id = r.id AND co.row_key = 'carried_out' AND co.col_key = n.col_key
WHERE r.is_current AND r.year = (SELECT MAX(year) FROM report)
  AND COALESCE(n.value, 0) + COALESCE(ci.value, 0) <> COALESCE(t.value, 0) + COALESCE(co.value, 0)
ORDER BY a.name, r.year, n.col_key
