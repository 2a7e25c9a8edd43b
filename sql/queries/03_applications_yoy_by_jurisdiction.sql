-- title: 各辖区新收申请数量同比
-- description: 各辖区每个年度现行报告表三「一、本年新收政府信息公开申请数量」总计之和、上一年度之和及增减。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Year-on-year change of new applications (一、本年新收, 总计 column) per jurisdiction: this year's sum
-- over current reports, the year before's, the change and how many reports each year counts.
WITH per_year AS (
    SELECT a.parent_jurisdiction, r.year, COUNT(*) AS reports, SUM(w.total) AS new_applications
    FROM report r
    JOIN agency a ON a.id = r.agency_id
    JOIN application_row w ON w.report_id = r.id AND w.row_key = 'new'
    WHERE r.is_current
      AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
    GROUP BY a.parent_jurisdiction, r.year
)
SELECT cur.parent_jurisdiction,
       cur.year,
       cur.reports,
       cur.new_applications,
       prev.new_applications AS previous_year,
       cur.new_applications - prev.new_applications AS change
FROM per_year cur
LEFT JOIN per_year prev
  ON prev.year = cur.year - 1
 AND (prev.parent_jurisdiction = cur.parent_jurisdiction
      OR (prev.parent_jurisdiction IS NULL AND cur.parent_jurisdiction IS NULL))
WHERE (CAST(:year AS INTEGER) IS NULL OR cur.year = CAST(:year AS INTEGER))
ORDER BY cur.parent_jurisdiction, cur.year
