-- layout_matches_year: the layout year_layout prescribes for the report year. A report in the other
-- layout ('wrong'), or one mixing the two ('mixed': parts the parser attributed to the other layout, or
-- a row of table 三 foreign to its layout) is flagged: `actual` is the layout used ('wrong') or the one
-- mixed in ('mixed'). Unverifiable when the layout was not recognised.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'layout' AS table_key, NULL AS row_key,
       NULL AS col_key, r.expected,
       CASE WHEN r.layout <> r.expected THEN r.layout WHEN r.layout = 'F2019' THEN 'F2021' ELSE 'F2019' END
         AS actual,
       CASE WHEN r.layout <> r.expected THEN 'wrong' ELSE 'mixed' END AS other
FROM {batch} s
JOIN (SELECT r.id, r.layout, r.layout_signals, y.layout AS expected
      FROM report r
      JOIN year_layout y ON r.year BETWEEN COALESCE(y.first_year, r.year) AND COALESCE(y.last_year, r.year)) r ON r.id = s.report_id
WHERE r.layout IS NOT NULL
  AND (r.layout <> r.expected
       OR CAST(r.layout_signals AS TEXT) LIKE CASE WHEN r.layout = 'F2019' THEN '%"F2021"%' ELSE '%"F2019"%' END
       OR EXISTS (SELECT 1 FROM v_check_application_row v WHERE v.report_id = r.id AND v.in_layout = 0
                    AND v.state <> 'missing'))
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'layout', NULL, NULL, NULL, NULL, 'missing'
FROM {batch} s
JOIN report r ON r.id = s.report_id
WHERE r.layout IS NULL
