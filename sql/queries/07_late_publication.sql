-- title: 逾期发布的年度报告
-- description: 发布日期晚于法定期限（部门为次年 1 月 31 日，政府本级为次年 3 月 31 日）的报告，以及发布日期的来源（报告正文或网页）。
-- param year integer: 报告年度，如 2024（默认：全部年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which reports were published after the legal deadline (31 January, or 31 March for a government's
-- own report), with the publication date and where it came from (the document or its web page).
SELECT c.parent_jurisdiction,
       c.agency,
       c.year,
       c.deadline,
       c.published_on,
       r.published_on_source
FROM v_compliance c
JOIN report r ON r.id = c.report_id
WHERE c.on_time = 0
  AND (CAST(:year AS INTEGER) IS NULL OR c.year = CAST(:year AS INTEGER))
  AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR c.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))
ORDER BY c.parent_jurisdiction, c.year, c.agency
