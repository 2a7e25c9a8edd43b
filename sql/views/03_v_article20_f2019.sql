-- Table 二 of the F2019 layout (the layout of the report, else of its year): the Article 20 items as printed, one row per
-- report and item row present in it. `change` is signed; blank cells read NULL; `cells` counts them.
CREATE VIEW v_article20_f2019 AS
SELECT r.id AS report_id,
       a.name AS agency,
       r.year,
       r.version,
       r.is_current,
       c.row_key,
       CASE c.row_key WHEN 'regulation' THEN 1 WHEN 'normative_document' THEN 2 WHEN 'licensing' THEN 3
            WHEN 'other_services' THEN 4 WHEN 'punishment' THEN 5 WHEN 'coercion' THEN 6
            WHEN 'admin_fee' THEN 7 WHEN 'central_procurement' THEN 8 ELSE 99 END AS row_position,
       MAX(CASE WHEN c.col_key = 'new_made' THEN c.value END) AS new_made,
       MAX(CASE WHEN c.col_key = 'new_published' THEN c.value END) AS new_published,
       MAX(CASE WHEN c.col_key = 'total_published' THEN c.value END) AS total_published,
       MAX(CASE WHEN c.col_key = 'prev_items' THEN c.value END) AS prev_items,
       MAX(CASE WHEN c.col_key = 'change' THEN c.value END) AS change,
       MAX(CASE WHEN c.col_key = 'decisions' THEN c.value END) AS decisions,
       MAX(CASE WHEN c.col_key = 'projects' THEN c.value END) AS projects,
       MAX(CASE WHEN c.col_key = 'amount_10k_yuan' THEN c.value END) AS amount_10k_yuan,
       COUNT(*) AS cells
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN year_layout y ON r.year BETWEEN COALESCE(y.first_year, r.year) AND COALESCE(y.last_year, r.year)
JOIN active_disclosure_cell c ON c.report_id = r.id
WHERE COALESCE(r.layout, y.layout) = 'F2019'
GROUP BY r.id, a.name, r.year, r.version, r.is_current, c.row_key
