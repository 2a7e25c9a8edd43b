-- Table 二 of the F2021 layout (the layout of the report, else of its year): the Article 20 items as printed, one row per
-- report and item row present in it. Blank cells read NULL; `cells` counts the printed cells.
CREATE VIEW v_article20_f2021 AS
SELECT r.id AS report_id,
       a.name AS agency,
       r.year,
       r.version,
       r.is_current,
       c.row_key,
       CASE c.row_key WHEN 'regulation' THEN 1 WHEN 'normative_document' THEN 2 WHEN 'licensing' THEN 3
            WHEN 'punishment' THEN 4 WHEN 'coercion' THEN 5 WHEN 'admin_fee' THEN 6 ELSE 99 END AS row_position,
       MAX(CASE WHEN c.col_key = 'issued' THEN c.value END) AS issued,
       MAX(CASE WHEN c.col_key = 'repealed' THEN c.value END) AS repealed,
       MAX(CASE WHEN c.col_key = 'in_force' THEN c.value END) AS in_force,
       MAX(CASE WHEN c.col_key = 'decisions' THEN c.value END) AS decisions,
       MAX(CASE WHEN c.col_key = 'amount_10k_yuan' THEN c.value END) AS amount_10k_yuan,
       COUNT(*) AS cells
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN year_layout y ON r.year BETWEEN COALESCE(y.first_year, r.year) AND COALESCE(y.last_year, r.year)
JOIN active_disclosure_cell c ON c.report_id = r.id
WHERE COALESCE(r.layout, y.layout) = 'F2021'
GROUP BY r.id, a.name, r.year, r.version, r.is_current, c.row_key
