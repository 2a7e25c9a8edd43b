-- Which agencies had decisions corrected (结果纠正) by administrative review or by a court, per year:
-- table 四 of current reports with any corrected count above zero, most corrections first.
SELECT v.agency,
       v.year,
       v.review_corrected,
       v.suit_direct_corrected,
       v.suit_after_review_corrected,
       COALESCE(v.review_corrected, 0) + COALESCE(v.suit_direct_corrected, 0)
         + COALESCE(v.suit_after_review_corrected, 0) AS corrected,
       v.review_total
FROM v_review_litigation v
WHERE v.is_current
  AND v.report_id IN (SELECT c.report_id FROM review_litigation_cell c
                      WHERE c.col_key IN ('review_corrected', 'suit_direct_corrected', 'suit_after_review_corrected')
                        AND c.value > 0)
  AND (v.review_corrected > 0 OR v.suit_direct_corrected > 0 OR v.suit_after_review_corrected > 0)
ORDER BY corrected DESC, v.agency, v.year
