-- Which reports' 上年结转 (carried_in) differs from the same agency's 结转下年度 (carried_out) of the
-- year before, per applicant column, between current reports, in the latest report year.
SELECT a.name AS agency,
       cur.year,
       ci.col_key AS applicant_column,
       ci.value AS carried_in,
       co.value AS last_year_carried_out
FROM report cur
JOIN report prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.is_current
JOIN agency a ON a.id = cur.agency_id
JOIN application_cell ci ON ci.report_id = cur.id AND ci.row_key = 'carried_in'
JOIN application_cell co ON co.report_id = prev.id AND co.row_key = 'carried_out' AND co.col_key = ci.col_key
WHERE cur.is_current AND cur.year = (SELECT MAX(year) FROM report)
  AND COALESCE(ci.value, 0) <> COALESCE(co.value, 0)
ORDER BY a.name, cur.year, ci.col_key
