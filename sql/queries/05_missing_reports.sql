-- title: 未发布年度报告的机关
-- description: 名录内机关在某一年度没有任何版本的年度报告入库的情况，列出发布期限及是否已逾期，按辖区排列。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which agencies never published a report for a year (no report of any version loaded for it),
-- with the deadline and whether it has passed, by jurisdiction.
SELECT c.parent_jurisdiction,
       c.agency,
       c.code,
       c.year,
       c.deadline,
       c.status
FROM v_compliance c
WHERE c.published = 0
  AND (CAST(:year AS INTEGER) IS NULL OR c.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR c.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
ORDER BY c.parent_jurisdiction, c.year, c.agency
