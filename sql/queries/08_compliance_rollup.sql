-- title: 各辖区按期发布情况汇总
-- description: 各辖区每个年度的机关数、已发布、按期发布、逾期发布、发布日期不明的报告数，以及存在待纠正错误的机关数。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- City-wide roll-up of compliance per jurisdiction and report year: how many agencies, how many
-- published, on time, late, of unknown date, and how many have open errors.
SELECT c.parent_jurisdiction,
       c.year,
       COUNT(*) AS agencies,
       SUM(c.published) AS published,
       SUM(CASE WHEN c.on_time = 1 THEN 1 ELSE 0 END) AS on_time,
       SUM(CASE WHEN c.on_time = 0 THEN 1 ELSE 0 END) AS late,
       SUM(CASE WHEN c.published = 1 AND c.on_time IS NULL THEN 1 ELSE 0 END) AS date_unknown,
       SUM(CASE WHEN c.open_errors > 0 THEN 1 ELSE 0 END) AS with_open_errors
FROM v_compliance c
WHERE (CAST(:year AS INTEGER) IS NULL OR c.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR c.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
GROUP BY c.parent_jurisdiction, c.year
ORDER BY c.parent_jurisdiction, c.year
