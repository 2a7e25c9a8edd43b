-- Table 三 as printed: one row per report and row of its layout (23 rows for F2019, 25 for F2021),
-- the seven applicant columns side by side. A row printed in the report but foreign to its layout
-- (a mixed layout) is shown too. `cells` counts the cells printed in the row and `blank_cells` those
-- printed blank, which read NULL here and are not 0; a row of the layout missing from the report
-- shows cells = 0. A report without a layout takes the one prescribed for its year (year_layout).
CREATE VIEW v_application_matrix AS
SELECT r.id AS report_id,
       a.name AS agency,
       r.year,
       r.version,
       r.is_current,
       r.layout,
       ref.position AS row_position,
       ref.row_key,
       MAX(CASE WHEN c.col_key = 'natural_person' THEN c.value END) AS natural_person,
       MAX(CASE WHEN c.col_key = 'commercial' THEN c.value END) AS commercial,
       MAX(CASE WHEN c.col_key = 'research' THEN c.value END) AS research,
       MAX(CASE WHEN c.col_key = 'social_welfare' THEN c.value END) AS social_welfare,
       MAX(CASE WHEN c.col_key = 'legal_service' THEN c.value END) AS legal_service,
       MAX(CASE WHEN c.col_key = 'other_org' THEN c.value END) AS other_org,
       MAX(CASE WHEN c.col_key = 'total' THEN c.value END) AS total,
       COUNT(c.col_key) AS cells,
       SUM(CASE WHEN c.blank THEN 1 ELSE 0 END) AS blank_cells
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN year_layout y ON r.year BETWEEN COALESCE(y.first_year, r.year) AND COALESCE(y.last_year, r.year)
JOIN application_row_ref ref
  ON (CASE WHEN COALESCE(r.layout, y.layout) = 'F2019' THEN ref.in_f2019 ELSE ref.in_f2021 END)
  OR EXISTS (SELECT 1 FROM application_cell x WHERE x.report_id = r.id AND x.row_key = ref.row_key)
LEFT JOIN application_cell c ON c.report_id = r.id AND c.row_key = ref.row_key
GROUP BY r.id, a.name, r.year, r.version, r.is_current, r.layout, ref.position, ref.row_key
