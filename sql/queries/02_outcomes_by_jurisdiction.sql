-- title: 各辖区申请办理结果
-- description: 指定年度各辖区现行报告表三「总计」列的办理结果合计：予以公开、部分公开、不予公开、无法提供、不予处理、其他处理与总计。
-- param year integer: 报告年度，如 2024（默认：最新年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- How applications ended in the latest report year, per jurisdiction: granted, partly granted, denied,
-- unavailable, not handled, other and the 总计, summed over the 总计 column of current reports.
SELECT a.parent_jurisdiction,
       o.year,
       COUNT(*) AS reports,
       SUM(o.granted) AS granted,
       SUM(o.partial) AS partial,
       SUM(o.denied) AS denied,
       SUM(o.unavailable) AS unavailable,
       SUM(o.not_handled) AS not_handled,
       SUM(o.other) AS other,
       SUM(o.total) AS total
FROM (SELECT r.agency_id,
             r.year,
             SUM(CASE WHEN w.row_key = 'granted' THEN w.total ELSE 0 END) AS granted,
             SUM(CASE WHEN w.row_key = 'partial' THEN w.total ELSE 0 END) AS partial,
             SUM(CASE WHEN w.row_key LIKE 'denied%' THEN w.total ELSE 0 END) AS denied,
             SUM(CASE WHEN w.row_key LIKE 'unavailable%' THEN w.total ELSE 0 END) AS unavailable,
             SUM(CASE WHEN w.row_key LIKE 'rejected%' THEN w.total ELSE 0 END) AS not_handled,
             SUM(CASE WHEN w.row_key LIKE 'other%' THEN w.total ELSE 0 END) AS other,
             SUM(CASE WHEN w.row_key = 'total' THEN w.total ELSE 0 END) AS total
      FROM report r
      JOIN application_row w ON w.report_id = r.id
      WHERE r.is_current AND r.year = COALESCE(CAST(:year AS INTEGER), (SELECT MAX(year) FROM report))
      GROUP BY r.id, r.agency_id, r.year) o
JOIN agency a ON a.id = o.agency_id
WHERE (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
GROUP BY a.parent_jurisdiction, o.year
ORDER BY a.parent_jurisdiction, o.year
