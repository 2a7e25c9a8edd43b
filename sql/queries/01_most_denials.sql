-- title: 不予公开最多的机关
-- description: 指定年度现行报告中，表三「（三）不予公开」1–8 行「总计」列之和最多的 50 个机关，以及每项理由各多少件，按件数从多到少排列。
-- param year integer: 报告年度，如 2024（默认：最新年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which agencies denied the most applications (不予公开) in the latest report year, and on what grounds:
-- the 总计 column of table 三's rows （三）1–8 in current reports, most denials first (top 50).
SELECT a.name AS agency,
       a.parent_jurisdiction,
       r.year,
       SUM(w.total) AS denied,
       SUM(CASE WHEN w.row_key = 'denied_state_secret' THEN w.total ELSE 0 END) AS state_secret,
       SUM(CASE WHEN w.row_key = 'denied_prohibited' THEN w.total ELSE 0 END) AS prohibited,
       SUM(CASE WHEN w.row_key = 'denied_security' THEN w.total ELSE 0 END) AS security,
       SUM(CASE WHEN w.row_key = 'denied_third_party' THEN w.total ELSE 0 END) AS third_party,
       SUM(CASE WHEN w.row_key = 'denied_internal' THEN w.total ELSE 0 END) AS internal_affairs,
       SUM(CASE WHEN w.row_key = 'denied_process' THEN w.total ELSE 0 END) AS process_info,
       SUM(CASE WHEN w.row_key = 'denied_enforcement_file' THEN w.total ELSE 0 END) AS enforcement_file,
       SUM(CASE WHEN w.row_key = 'denied_query' THEN w.total ELSE 0 END) AS query_matter
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN application_row w ON w.report_id = r.id
 AND w.row_key IN ('denied_state_secret', 'denied_prohibited', 'denied_security', 'denied_third_party',
                   'denied_internal', 'denied_process', 'denied_enforcement_file', 'denied_query')
WHERE r.is_current AND r.year = COALESCE(CAST(:year AS INTEGER), (SELECT MAX(year) FROM report))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
GROUP BY a.name, a.parent_jurisdiction, r.year
HAVING SUM(w.total) > 0
ORDER BY denied DESC, agency
LIMIT 50
