-- Which agencies denied the most applications (不予公开) in the latest report year, and on what grounds:
-- the 总计 column of table 三's rows （三）1–8 in current reports, most denials first (top 50).
SELECT a.name AS agency,
       a.parent_jurisdiction,
       r.year,
       SUM(c.value) AS denied,
       SUM(CASE WHEN c.row_key = 'denied_state_secret' THEN c.value ELSE 0 END) AS state_secret,
       SUM(CASE WHEN c.row_key = 'denied_prohibited' THEN c.value ELSE 0 END) AS prohibited,
       SUM(CASE WHEN c.row_key = 'denied_security' THEN c.value ELSE 0 END) AS security,
       SUM(CASE WHEN c.row_key = 'denied_third_party' THEN c.value ELSE 0 END) AS third_party,
       SUM(CASE WHEN c.row_key = 'denied_internal' THEN c.value ELSE 0 END) AS internal_affairs,
       SUM(CASE WHEN c.row_key = 'denied_process' THEN c.value ELSE 0 END) AS process_info,
       SUM(CASE WHEN c.row_key = 'denied_enforcement_file' THEN c.value ELSE 0 END) AS enforcement_file,
       SUM(CASE WHEN c.row_key = 'denied_query' THEN c.value ELSE 0 END) AS query_matter
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN application_cell c ON c.report_id = r.id AND c.col_key = 'total'
 AND c.row_key IN ('denied_state_secret', 'denied_prohibited', 'denied_security', 'denied_third_party',
                   'denied_internal', 'denied_process', 'denied_enforcement_file', 'denied_query')
WHERE r.is_current AND r.year = (SELECT MAX(year) FROM report)
GROUP BY a.name, a.parent_jurisdiction, r.year
HAVING SUM(c.value) > 0
ORDER BY denied DESC, agency
LIMIT 50
