-- document_stock_continuity: F2021, for 规章 and 行政规范性文件 of table 二: this year's 现行有效件数 =
-- last year's 现行有效件数 + this year's 本年制发件数 - 本年废止件数 (same agency, both reports F2021).
-- Blank cells count as 0. Not applicable without last year's report; unverifiable while a cell is missing.
SELECT s.report_id, s.agency_id, s.year, 'fail' AS outcome, 'active_disclosure' AS table_key, cur.row_key,
       'in_force' AS col_key,
       COALESCE(old.value, 0) + COALESCE(iss.value, 0) - COALESCE(rep.value, 0) AS expected,
       COALESCE(cur.value, 0) AS actual, NULL AS other
FROM {batch} s
JOIN report r ON r.id = s.report_id AND r.layout = 'F2021'
JOIN report prev ON prev.agency_id = s.agency_id AND prev.year = s.year - 1 AND prev.is_current
                AND prev.layout = 'F2021'
JOIN active_disclosure_cell cur ON cur.report_id = r.id AND cur.col_key = 'in_force'
                               AND cur.row_key IN ('regulation', 'normative_document')
JOIN active_disclosure_cell iss ON iss.report_id = r.id AND iss.row_key = cur.row_key AND iss.col_key = 'issued'
JOIN active_disclosure_cell rep ON rep.report_id = r.id AND rep.row_key = cur.row_key AND rep.col_key = 'repealed'
JOIN active_disclosure_cell old ON old.report_id = prev.id AND old.row_key = cur.row_key AND old.col_key = 'in_force'
WHERE COALESCE(old.value, 0) + COALESCE(iss.value, 0) - COALESCE(rep.value, 0) <> COALESCE(cur.value, 0)
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable',
       CASE WHEN (SELECT COUNT(*) FROM active_disclosure_cell c WHERE c.report_id = r.id AND c.row_key = k.row_key
                    AND c.col_key IN ('issued', 'repealed', 'in_force')) < 3
            THEN 'active_disclosure' ELSE 'active_disclosure_previous' END,
       k.row_key, NULL, NULL, NULL, 'missing'
FROM {batch} s
JOIN report r ON r.id = s.report_id AND r.layout = 'F2021'
JOIN report prev ON prev.agency_id = s.agency_id AND prev.year = s.year - 1 AND prev.is_current
                AND prev.layout = 'F2021'
CROSS JOIN (SELECT 'regulation' AS row_key UNION ALL SELECT 'normative_document') k
WHERE (SELECT COUNT(*) FROM active_disclosure_cell c WHERE c.report_id = r.id AND c.row_key = k.row_key
         AND c.col_key IN ('issued', 'repealed', 'in_force')) < 3
   OR NOT EXISTS (SELECT 1 FROM active_disclosure_cell c WHERE c.report_id = prev.id AND c.row_key = k.row_key
                    AND c.col_key = 'in_force')
