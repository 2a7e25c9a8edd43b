-- Which current reports printed cells blank (「/」, 「—」 or empty) in tables 三 and 四 instead of a
-- number, and how many in each table.
SELECT a.name AS agency,
       r.year,
       (SELECT COUNT(*) FROM application_cell c WHERE c.report_id = r.id AND c.blank) AS applications_blank,
       (SELECT COUNT(*) FROM review_litigation_cell c WHERE c.report_id = r.id AND c.blank) AS review_blank
FROM report r
JOIN agency a ON a.id = r.agency_id
WHERE r.is_current
  AND (EXISTS (SELECT 1 FROM application_cell c WHERE c.report_id = r.id AND c.blank)
       OR EXISTS (SELECT 1 FROM review_litigation_cell c WHERE c.report_id = r.id AND c.blank))
ORDER BY a.name, r.year
