-- Table 四 as one row per report: administrative review, suits without review, suits after review,
-- five outcomes each. Blank cells read NULL; `cells` counts the printed cells (15 when complete),
-- `blank_cells` those printed blank. A report without table 四 has no row here.
CREATE VIEW v_review_litigation AS
SELECT r.id AS report_id,
       a.name AS agency,
       r.year,
       r.version,
       r.is_current,
       MAX(CASE WHEN c.col_key = 'review_upheld' THEN c.value END) AS review_upheld,
       MAX(CASE WHEN c.col_key = 'review_corrected' THEN c.value END) AS review_corrected,
       MAX(CASE WHEN c.col_key = 'review_other' THEN c.value END) AS review_other,
       MAX(CASE WHEN c.col_key = 'review_pending' THEN c.value END) AS review_pending,
       MAX(CASE WHEN c.col_key = 'review_total' THEN c.value END) AS review_total,
       MAX(CASE WHEN c.col_key = 'suit_direct_upheld' THEN c.value END) AS suit_direct_upheld,
       MAX(CASE WHEN c.col_key = 'suit_direct_corrected' THEN c.value END) AS suit_direct_corrected,
       MAX(CASE WHEN c.col_key = 'suit_direct_other' THEN c.value END) AS suit_direct_other,
       MAX(CASE WHEN c.col_key = 'suit_direct_pending' THEN c.value END) AS suit_direct_pending,
       MAX(CASE WHEN c.col_key = 'suit_direct_total' THEN c.value END) AS suit_direct_total,
       MAX(CASE WHEN c.col_key = 'suit_after_review_upheld' THEN c.value END) AS suit_after_review_upheld,
       MAX(CASE WHEN c.col_key = 'suit_after_review_corrected' THEN c.value END) AS suit_after_review_corrected,
       MAX(CASE WHEN c.col_key = 'suit_after_review_other' THEN c.value END) AS suit_after_review_other,
       MAX(CASE WHEN c.col_key = 'suit_after_review_pending' THEN c.value END) AS suit_after_review_pending,
       MAX(CASE WHEN c.col_key = 'suit_after_review_total' THEN c.value END) AS suit_after_review_total,
       COUNT(*) AS cells,
       SUM(CASE WHEN c.blank THEN 1 ELSE 0 END) AS blank_cells
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN review_litigation_cell c ON c.report_id = r.id
GROUP BY r.id, a.name, r.year, r.version, r.is_current
