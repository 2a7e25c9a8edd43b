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
ORDER BY c.parent_jurisdiction, c.year, c.agency
