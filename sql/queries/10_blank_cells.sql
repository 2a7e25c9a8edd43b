-- Which current reports printed cells blank (「/」, 「—」 or empty) in tables 三 and 四 instead of a
-- number, and how many in each table.
WITH blank_cell AS (
    SELECT report_id, 1 AS applications, 0 AS review FROM application_cell WHERE blank
    UNION ALL
    SELECT report_id, 0 AS applications, 1 AS review FROM review_litigation_cell WHERE blank
)
SELECT a.name AS agency,
       r.year,
       SUM(b.applications) AS applications_blank,
       SUM(b.review) AS review_blank
FROM blank_cell b
JOIN report r ON r.id = b.report_id
JOIN agency a ON a.id = r.agency_id
WHERE r.is_current
GROUP BY a.name, r.year
ORDER BY a.name, r.year
