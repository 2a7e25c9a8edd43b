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
      WHERE r.is_current AND r.year = (SELECT MAX(year) FROM report)
      GROUP BY r.id, r.agency_id, r.year) o
JOIN agency a ON a.id = o.agency_id
GROUP BY a.parent_jurisdiction, o.year
ORDER BY a.parent_jurisdiction, o.year
