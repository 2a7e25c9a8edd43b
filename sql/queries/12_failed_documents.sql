-- title: 无法采集或读取的文件
-- description: 采集或解析失败的每一个文件，以及失败的原因。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which documents could not be fetched or read, and why: every source document with status failed.
SELECT d.path,
       d.url,
       a.name AS agency,
       d.year,
       d.reason,
       d.parsed_at,
       d.fetched_at
FROM source_document d
LEFT JOIN agency a ON a.id = d.agency_id
WHERE d.status = 'failed'
  AND (CAST(:year AS INTEGER) IS NULL OR d.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
ORDER BY d.id
