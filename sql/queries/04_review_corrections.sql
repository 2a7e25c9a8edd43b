-- Which agencies had decisions corrected (结果纠正) by administrative review or by a court, per year:
-- table 四 of current reports with any corrected count above zero, most corrections first.
SELECT a.name AS agency,
       r.year,
       MAX(CASE WHEN c.col_key = 'review_corrected' THEN c.value END) AS review_corrected,
       MAX(CASE WHEN c.col_key = 'suit_direct_corrected' THEN c.value END) AS suit_direct_corrected,
       MAX(CASE WHEN c.col_key = 'suit_after_review_corrected' THEN c.value END) AS suit_after_review_corrected,
       SUM(CASE WHEN c.col_key <> 'review_total' THEN COALESCE(c.value, 0) ELSE 0 END) AS corrected,
       MAX(CASE WHEN c.col_key = 'review_total' THEN c.value END) AS review_total
FROM review_litigation_cell c
JOIN report r ON r.id = c.report_id
JOIN agency a ON a.id = r.agency_id
WHERE r.is_current
  AND c.col_key IN ('review_corrected', 'suit_direct_corrected', 'suit_after_review_corrected', 'review_total')
  AND r.id IN (SELECT k.report_id FROM review_litigation_cell k
               WHERE k.col_key IN ('review_corrected', 'suit_direct_corrected', 'suit_after_review_corrected')
                 AND k.value > 0)
GROUP BY a.name, r.year
ORDER BY corrected DESC, agency, r.year
