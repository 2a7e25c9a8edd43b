-- How many findings are open, per rule and severity and report year, and how many agencies they touch.
SELECT f.rule_id,
       f.severity,
       f.year,
       COUNT(*) AS open_findings,
       COUNT(DISTINCT f.agency_id) AS agencies
FROM finding f
WHERE f.status = 'open'
GROUP BY f.rule_id, f.severity, f.year
ORDER BY open_findings DESC, f.rule_id, f.severity, f.year
