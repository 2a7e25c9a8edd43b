-- Which agencies had decisions corrected (结果纠正) by administrative review or by a court in the latest
-- report year: table 四 of current reports with any corrected count above zero, most corrections first.
SELECT a.name AS agency,
       r.year,
       MAX(CASE WHEN c.col_key = 'review_corrected' THEN c.value END) AS review_corrected,
       MAX(CASE WHEN c.col_key = 'suit_direct_corrected' THEN c.value END) AS suit_direct_corrected,
       MAX(CASE WHEN c.col_key = 'suit_after_review_corrected' THEN c.value END) AS suit_after_review_corrected,
       SUM(CASE WHEN c.col_key <> 'review_total' THEN COALESCE(c.value, 0) ELSE 0 END) AS corrected,
       MAX(CASE WHEN c.col_key = 'review_total' THEN c.value END) AS review_total
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN review_litigation_cell c ON c.report_id = r.id
 AND c.col_key IN ('review_corrected', 'suit_direct_corrected', 'suit_after_review_corrected', 'review_total')
WHERE r.is_current AND r.year = (SELECT MAX(year) FROM report)
GROUP BY a.name, r.year
HAVING MAX(CASE WHEN c.col_key <> 'review_total' THEN c.value END) > 0
ORDER BY corrected DESC, agency, r.year
