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
GROUP BY c.parent_jurisdiction, c.year
ORDER BY c.parent_jurisdiction, c.year
