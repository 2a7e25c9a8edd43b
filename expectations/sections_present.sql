-- sections_present: each of the six sections found, and in the layout's order. A finding names a
-- missing section ('missing') or a section found before one the layout puts ahead of it ('order').
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'sections' AS table_key, x.section_key AS row_key,
       NULL AS col_key, NULL AS expected, NULL AS actual,
       CASE WHEN x.present THEN 'order' ELSE 'missing' END AS other
FROM {batch} s
JOIN report_section x ON x.report_id = s.report_id
WHERE NOT x.present
   OR EXISTS (
        SELECT 1 FROM report_section y
        WHERE y.report_id = x.report_id AND y.present AND x.present AND y.position > x.position
          AND CASE y.section_key WHEN 'overview' THEN 1 WHEN 'active_disclosure' THEN 2 WHEN 'applications' THEN 3
                   WHEN 'review_litigation' THEN 4 WHEN 'problems' THEN 5 ELSE 6 END
            < CASE x.section_key WHEN 'overview' THEN 1 WHEN 'active_disclosure' THEN 2 WHEN 'applications' THEN 3
                   WHEN 'review_litigation' THEN 4 WHEN 'problems' THEN 5 ELSE 6 END)
