-- title: 复议诉讼结果被纠正的机关
-- description: 指定年度现行报告表四中，行政复议或行政诉讼「结果纠正」大于 0 的机关，按纠正件数从多到少排列。
-- param year integer: 报告年度，如 2024（默认：最新年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
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
WHERE r.is_current AND r.year = COALESCE(CAST(:year AS INTEGER), (SELECT MAX(year) FROM report))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
GROUP BY a.name, r.year
HAVING MAX(CASE WHEN c.col_key <> 'review_total' THEN c.value END) > 0
ORDER BY corrected DESC, agency, r.year
