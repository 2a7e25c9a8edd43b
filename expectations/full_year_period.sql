-- full_year_period: a statistics period stated in the report covers 1 January - 31 December of the
-- report year. A report that states none is not flagged.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'period' AS table_key, NULL AS row_key,
       NULL AS col_key,
       CAST(s.year AS VARCHAR(4)) || '-01-01 至 ' || CAST(s.year AS VARCHAR(4)) || '-12-31' AS expected,
       CAST(r.period_start AS VARCHAR(10)) || ' 至 ' || CAST(r.period_end AS VARCHAR(10)) AS actual,
       r.period_text AS other
FROM {batch} s
JOIN report r ON r.id = s.report_id
WHERE r.period_start IS NOT NULL
  AND (CAST(r.period_start AS VARCHAR(10)) <> CAST(s.year AS VARCHAR(4)) || '-01-01'
       OR CAST(r.period_end AS VARCHAR(10)) <> CAST(s.year AS VARCHAR(4)) || '-12-31')
