-- review_litigation_totals: per block of table 四 (行政复议, 未经复议直接起诉, 复议后起诉),
-- 总计 = 维持 + 纠正 + 其他 + 尚未审结. Blank cells count as 0. Unverifiable while table 四 is missing
-- or printed with the wrong number of values.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'review_litigation' AS table_key, NULL AS row_key,
       b.block AS col_key,
       SUM(CASE WHEN c.col_key = b.block || '_total' THEN 0 ELSE COALESCE(c.value, 0) END) AS expected,
       SUM(CASE WHEN c.col_key = b.block || '_total' THEN COALESCE(c.value, 0) ELSE 0 END) AS actual,
       NULL AS other
FROM {batch} s
JOIN review_litigation_cell c ON c.report_id = s.report_id
JOIN (SELECT 'review' AS block UNION ALL SELECT 'suit_direct' UNION ALL SELECT 'suit_after_review') b
  ON c.col_key IN (b.block || '_upheld', b.block || '_corrected', b.block || '_other', b.block || '_pending',
                   b.block || '_total')
GROUP BY s.report_id, s.agency_id, s.year, b.block
HAVING SUM(CASE WHEN c.col_key = b.block || '_total' THEN 0 ELSE COALESCE(c.value, 0) END)
    <> SUM(CASE WHEN c.col_key = b.block || '_total' THEN COALESCE(c.value, 0) ELSE 0 END)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'review_litigation', NULL, NULL, NULL, NULL,
       CASE WHEN EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = s.report_id
                           AND sh.table_key = 'review_litigation') THEN 'unreadable' ELSE 'missing' END
FROM {batch} s
JOIN report r ON r.id = s.report_id
WHERE NOT EXISTS (SELECT 1 FROM review_litigation_cell c WHERE c.report_id = r.id)
