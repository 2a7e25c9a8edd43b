-- title: 重新发布的年度报告
-- description: 同一机关同一年度发布过不止一个内容不同的版本时，列出每个版本的发布日期、来源文件和是否为现行版本。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which reports an agency re-published with changed content: every version of each agency-year that
-- has more than one, with its publication date, source and whether it is the current one.
SELECT a.name AS agency,
       r.year,
       r.version,
       r.is_current,
       r.published_on,
       d.path,
       d.url
FROM report r
JOIN agency a ON a.id = r.agency_id
JOIN source_document d ON d.id = r.source_document_id
WHERE (CAST(:year AS INTEGER) IS NULL OR r.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
  AND EXISTS (SELECT 1 FROM report o WHERE o.agency_id = r.agency_id AND o.year = r.year AND o.version > 1)
ORDER BY a.name, r.year, r.version
