-- Table 三 row by row for the checks: every row of the report's layout plus any other row it printed,
-- with `in_layout` (1 when the report is held to the row) and `state`: 'ok' (values assigned to
-- columns), 'unreadable' (printed with more or fewer values than the layout has; see row_shape),
-- 'unread' (a row of the layout not found in a table the parser could not read, in whole or in part;
-- see unread_table: it may be printed, so it is not the agency's fault) or 'missing'. A report that printed its （六） in the other layout's form (a mixed layout, which
-- layout_matches_year flags) is not also held to its own layout's （六） rows: those count as not in its
-- layout, and the （六） rows it printed count in the sums. No aggregation, so a join on report_id
-- reaches the indexes.
CREATE VIEW v_check_application_row AS
SELECT p.report_id,
       p.row_key,
       p.position,
       CASE WHEN p.layout_has_row = 1
             AND NOT (p.row_key LIKE 'other%' AND p.state = 'missing' AND EXISTS (
                 SELECT 1 FROM application_row_ref f
                 WHERE f.row_key LIKE 'other%'
                   AND (CASE WHEN p.layout = 'F2019' THEN f.in_f2019 ELSE f.in_f2021 END) = FALSE
                   AND (EXISTS (SELECT 1 FROM application_cell c WHERE c.report_id = p.report_id AND c.row_key = f.row_key)
                        OR EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = p.report_id
                                     AND sh.table_key = 'applications' AND sh.row_key = f.row_key))))
            THEN 1 ELSE 0 END AS in_layout,
       p.state
FROM (SELECT r.id AS report_id,
             r.layout,
             ref.row_key,
             ref.position,
             CASE WHEN (CASE WHEN r.layout = 'F2019' THEN ref.in_f2019 ELSE ref.in_f2021 END) THEN 1 ELSE 0 END
               AS layout_has_row,
             CASE WHEN EXISTS (SELECT 1 FROM application_cell c WHERE c.report_id = r.id AND c.row_key = ref.row_key)
                  THEN 'ok'
                  WHEN EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = r.id AND sh.table_key = 'applications'
                                 AND sh.row_key = ref.row_key)
                  THEN 'unreadable'
                  WHEN (CASE WHEN r.layout = 'F2019' THEN ref.in_f2019 ELSE ref.in_f2021 END)
                       AND EXISTS (SELECT 1 FROM unread_table u WHERE u.report_id = r.id
                                     AND u.table_key = 'applications')
                  THEN 'unread'
                  ELSE 'missing' END AS state
      FROM (SELECT r.id, COALESCE(r.layout, y.layout) AS layout
            FROM report r
            JOIN year_layout y ON r.year BETWEEN COALESCE(y.first_year, r.year) AND COALESCE(y.last_year, r.year)) r
      CROSS JOIN application_row_ref ref) p
