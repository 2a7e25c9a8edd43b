-- Compliance per agency and report year (every agency × every year any report exists for):
-- published? (a current report exists), the deadline (31 January of the next year for a department,
-- 31 March for a government's own report), on time? (NULL when the publication date is unknown), the
-- open findings of severity error and warning, and a status in words for 公开办 staff.
CREATE VIEW v_compliance AS
SELECT a.agency_id,
       a.code,
       a.name AS agency,
       a.level,
       a.parent_jurisdiction,
       a.office,
       a.year,
       a.deadline,
       r.id AS report_id,
       r.version,
       r.published_on,
       CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS published,
       CASE WHEN r.published_on IS NULL THEN NULL
            WHEN CAST(r.published_on AS VARCHAR(10)) <= a.deadline THEN 1 ELSE 0 END AS on_time,
       COALESCE(f.open_errors, 0) AS open_errors,
       COALESCE(f.open_warnings, 0) AS open_warnings,
       CASE WHEN r.id IS NULL AND CAST(CURRENT_DATE AS VARCHAR(10)) > a.deadline THEN '逾期未发布'
            WHEN r.id IS NULL THEN '尚未发布'
            WHEN CAST(r.published_on AS VARCHAR(10)) > a.deadline THEN '逾期发布'
            WHEN f.open_errors > 0 THEN '存在待纠正错误'
            WHEN r.published_on IS NULL THEN '发布日期不明'
            ELSE '合规' END AS status
FROM (SELECT ag.id AS agency_id,
             ag.code,
             ag.name,
             ag.level,
             ag.parent_jurisdiction,
             ag.office,
             yy.year,
             CAST(yy.year + 1 AS VARCHAR(4))
               || CASE WHEN ag.deadline_kind = 'government' THEN '-03-31' ELSE '-01-31' END AS deadline
      FROM agency ag CROSS JOIN (SELECT DISTINCT year FROM report) yy) a
LEFT JOIN report r ON r.agency_id = a.agency_id AND r.year = a.year AND r.is_current
LEFT JOIN (SELECT agency_id,
                  year,
                  SUM(CASE WHEN severity = 'error' THEN 1 ELSE 0 END) AS open_errors,
                  SUM(CASE WHEN severity = 'warning' THEN 1 ELSE 0 END) AS open_warnings
           FROM finding
           WHERE status = 'open'
           GROUP BY agency_id, year) f ON f.agency_id = a.agency_id AND f.year = a.year
