-- title: 表格中留空的单元格
-- description: 现行报告表三、表四中以空白、「/」或「—」代替数字的单元格个数，按机关和年度列出。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which current reports printed cells blank (「/」, 「—」 or empty) in tables 三 and 四 instead of a
-- number, and how many in each table.
WITH blank_cell AS (
    SELECT report_id, 1 AS applications, 0 AS review FROM application_cell WHERE blank
    UNION ALL
    SELECT report_id, 0 AS applications, 1 AS review FROM review_litigation_cell WHERE blank
)
SELECT a.name AS agency,
       r.year,
       SUM(b.applications) AS applications_blank,
       SUM(b.review) AS review_blank
FROM blank_cell b
JOIN report r ON r.id = b.report_id
JOIN agency a ON a.id = r.agency_id
WHERE r.is_current
  AND (CAST(:year AS INTEGER) IS NULL OR r.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
GROUP BY a.name, r.year
ORDER BY a.name, r.year
