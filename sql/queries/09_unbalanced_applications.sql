-- title: 表三勾稽关系不平衡的报告
-- description: 指定年度现行报告表三各列「本年新收＋上年结转－办理结果总计－结转下年度」的结果（应为 0，空白按 0 计），只列出不为 0 的报告。
-- param year integer: 报告年度，如 2024（默认：最新年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which current reports of the latest report year break the 勾稽关系 of table 三 in some column:
-- per applicant column, 本年新收 + 上年结转 − 总计 − 结转下年度, which should be 0 (blank cells count as 0;
-- a report missing one of the four rows is left out), for reports where any column is off.
SELECT d.agency, d.year, d.natural_person, d.commercial, d.research, d.social_welfare, d.legal_service,
       d.other_org, d.total
FROM (SELECT a.name AS agency,
             r.year,
             COALESCE(n.natural_person, 0) + COALESCE(ci.natural_person, 0)
               - COALESCE(t.natural_person, 0) - COALESCE(co.natural_person, 0) AS natural_person,
             COALESCE(n.commercial, 0) + COALESCE(ci.commercial, 0)
               - COALESCE(t.commercial, 0) - COALESCE(co.commercial, 0) AS commercial,
             COALESCE(n.research, 0) + COALESCE(ci.research, 0)
               - COALESCE(t.research, 0) - COALESCE(co.research, 0) AS research,
             COALESCE(n.social_welfare, 0) + COALESCE(ci.social_welfare, 0)
               - COALESCE(t.social_welfare, 0) - COALESCE(co.social_welfare, 0) AS social_welfare,
             COALESCE(n.legal_service, 0) + COALESCE(ci.legal_service, 0)
               - COALESCE(t.legal_service, 0) - COALESCE(co.legal_service, 0) AS legal_service,
             COALESCE(n.other_org, 0) + COALESCE(ci.other_org, 0)
               - COALESCE(t.other_org, 0) - COALESCE(co.other_org, 0) AS other_org,
             COALESCE(n.total, 0) + COALESCE(ci.total, 0) - COALESCE(t.total, 0) - COALESCE(co.total, 0) AS total
      FROM report r
      JOIN agency a ON a.id = r.agency_id
      JOIN application_row n ON n.report_id = r.id AND n.row_key = 'new'
      JOIN application_row ci ON ci.report_id = r.id AND ci.row_key = 'carried_in'
      JOIN application_row t ON t.report_id = r.id AND t.row_key = 'total'
      JOIN application_row co ON co.report_id = r.id AND co.row_key = 'carried_out'
      WHERE r.is_current AND r.year = COALESCE(CAST(:year AS INTEGER), (SELECT MAX(year) FROM report))
        AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))) d
WHERE d.natural_person <> 0 OR d.commercial <> 0 OR d.research <> 0 OR d.social_welfare <> 0
   OR d.legal_service <> 0 OR d.other_org <> 0 OR d.total <> 0
ORDER BY d.agency, d.year
