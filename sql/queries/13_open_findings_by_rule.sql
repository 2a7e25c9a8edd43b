-- title: 按规则统计的未解决问题
-- description: 每条规则、每种性质、每个年度尚未解决的问题数，以及涉及的机关数。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- How many findings are open, per rule and severity and report year, and how many agencies they touch.
SELECT f.rule_id,
       f.severity,
       f.year,
       COUNT(*) AS open_findings,
       COUNT(DISTINCT f.agency_id) AS agencies
FROM finding f
JOIN agency a ON a.id = f.agency_id
WHERE f.status = 'open'
  AND (CAST(:year AS INTEGER) IS NULL OR f.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
GROUP BY f.rule_id, f.severity, f.year
ORDER BY open_findings DESC, f.rule_id, f.severity, f.year
