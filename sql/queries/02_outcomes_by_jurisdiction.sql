-- How applications ended in the latest report year, per jurisdiction: granted, partly granted, denied,
-- unavailable, not handled, other and the 总计, summed over the 总计 column of current reports.
SELECT a.parent_jurisdiction,
       r.year,
       COUNT(DISTINCT r.id) AS reports,
       SUM(CASE WHEN c.row_key = 'granted' THEN c.value ELSE 0 END) AS granted,
       SUM(CASE WHEN c.row_key = 'partial' THEN c.value ELSE 0 END) AS partial,
       SUM(CASE WHEN c.row_key LIKE 'denied%' THEN c.value ELSE 0 END) AS denied,
       SUM(CASE WHEN c.row_key LIKE 'unavailable%' THEN c.value ELSE 0 END) AS unavailable,
       SUM(CASE WHEN c.row_key LIKE 'rejected%' THEN c.value ELSE 0 END) AS not_handled,
       SUM(CASE WHEN c.row_key LIKE 'other%' THEN c.value ELSE 0 END) AS other,
       SUM(CASE WHEN c.row_key = 'total' THEN c.value ELSE 0 END) AS total
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN application_cell c ON c.report_id = r.id AND c.col_key = 'total'
WHERE r.is_current AND r.year = (SELECT MAX(year) FROM report)
GROUP BY a.parent_jurisdiction, r.year
ORDER BY a.parent_jurisdiction, r.year
