-- table_complete: tables 二, 三 and 四 present, with every row of the report's layout. A table missing
-- altogether is one finding (row_key NULL); otherwise each missing row is named. A table printed but not
-- read, in whole or in part (unread_table), is unverifiable: its rows not read may well be there.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, t.table_key, NULL AS row_key, NULL AS col_key,
       NULL AS expected, NULL AS actual, NULL AS other
FROM {batch} s
CROSS JOIN (SELECT 'active_disclosure' AS table_key UNION ALL SELECT 'applications' UNION ALL SELECT 'review_litigation') t
WHERE s.report_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = s.report_id AND sh.table_key = t.table_key)
  AND NOT EXISTS (SELECT 1 FROM application_cell c WHERE c.report_id = s.report_id AND t.table_key = 'applications')
  AND NOT EXISTS (SELECT 1 FROM active_disclosure_cell c WHERE c.report_id = s.report_id AND t.table_key = 'active_disclosure')
  AND NOT EXISTS (SELECT 1 FROM review_litigation_cell c WHERE c.report_id = s.report_id AND t.table_key = 'review_litigation')
  AND NOT EXISTS (SELECT 1 FROM unread_table u WHERE u.report_id = s.report_id AND u.table_key = t.table_key)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', u.table_key, NULL, NULL, NULL, NULL, 'unread'
FROM {batch} s
JOIN unread_table u ON u.report_id = s.report_id
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', 'applications', v.row_key, NULL, NULL, NULL, NULL
FROM {batch} s
JOIN v_check_application_row v ON v.report_id = s.report_id
WHERE v.in_layout = 1 AND v.state = 'missing'
  AND EXISTS (SELECT 1 FROM v_check_application_row w WHERE w.report_id = s.report_id AND w.state <> 'missing')
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'fail', 'active_disclosure', ref.row_key, NULL, NULL, NULL, NULL
FROM {batch} s
JOIN report r ON r.id = s.report_id
JOIN year_layout y ON r.year BETWEEN COALESCE(y.first_year, r.year) AND COALESCE(y.last_year, r.year)
JOIN (SELECT 'F2021' AS layout, 'regulation' AS row_key UNION ALL SELECT 'F2021', 'normative_document'
      UNION ALL SELECT 'F2021', 'licensing' UNION ALL SELECT 'F2021', 'punishment'
      UNION ALL SELECT 'F2021', 'coercion' UNION ALL SELECT 'F2021', 'admin_fee'
      UNION ALL SELECT 'F2019', 'regulation' UNION ALL SELECT 'F2019', 'normative_document'
      UNION ALL SELECT 'F2019', 'licensing' UNION ALL SELECT 'F2019', 'other_services'
      UNION ALL SELECT 'F2019', 'punishment' UNION ALL SELECT 'F2019', 'coercion'
      UNION ALL SELECT 'F2019', 'admin_fee' UNION ALL SELECT 'F2019', 'central_procurement') ref
  ON ref.layout = COALESCE(r.layout, y.layout)
WHERE NOT EXISTS (SELECT 1 FROM active_disclosure_cell c WHERE c.report_id = r.id AND c.row_key = ref.row_key)
  AND NOT EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = r.id AND sh.table_key = 'active_disclosure'
                    AND sh.row_key = ref.row_key)
  AND (EXISTS (SELECT 1 FROM active_disclosure_cell c WHERE c.report_id = r.id)
       OR EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = r.id AND sh.table_key = 'active_disclosure'))
  AND NOT EXISTS (SELECT 1 FROM unread_table u WHERE u.report_id = r.id AND u.table_key = 'active_disclosure')
