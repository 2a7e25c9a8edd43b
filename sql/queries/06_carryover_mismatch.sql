-- title: 上年结转与上年报告不符
-- description: 指定年度现行报告表三「二、上年结转政府信息公开申请数量」与同一机关上一年度报告「四、结转下年度继续办理」之差（空白按 0 计），只列出有差异的报告。
-- param year integer: 报告年度，如 2024（默认：最新年度）
-- param jurisdiction text: 辖区名称，如 北城区（默认：全部辖区）
-- Which current reports of the latest report year carry in (二、上年结转) other than what the same
-- agency's current report of the year before carried out (结转下年度): per applicant column, this year's
-- 上年结转 minus last year's 结转下年度 (blank cells count as 0), for reports where any column differs.
SELECT d.agency, d.year, d.natural_person, d.commercial, d.research, d.social_welfare, d.legal_service,
       d.other_org, d.total
FROM (SELECT a.name AS agency,
             cur.year,
             COALESCE(ci.natural_person, 0) - COALESCE(co.natural_person, 0) AS natural_person,
             COALESCE(ci.commercial, 0) - COALESCE(co.commercial, 0) AS commercial,
             COALESCE(ci.research, 0) - COALESCE(co.research, 0) AS research,
             COALESCE(ci.social_welfare, 0) - COALESCE(co.social_welfare, 0) AS social_welfare,
             COALESCE(ci.legal_service, 0) - COALESCE(co.legal_service, 0) AS legal_service,
             COALESCE(ci.other_org, 0) - COALESCE(co.other_org, 0) AS other_org,
             COALESCE(ci.total, 0) - COALESCE(co.total, 0) AS total
      FROM report cur
      JOIN report prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.is_current
      JOIN agency a ON a.id = cur.agency_id
      JOIN application_row ci ON ci.report_id = cur.id AND ci.row_key = 'carried_in'
      JOIN application_row co ON co.report_id = prev.id AND co.row_key = 'carried_out'
      WHERE cur.is_current AND cur.year = COALESCE(CAST(:year AS INTEGER), (SELECT MAX(year) FROM report))
        AND (CAST(:jurisdiction AS VARCHAR(200)) IS NULL OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))) d
WHERE d.natural_person <> 0 OR d.commercial <> 0 OR d.research <> 0 OR d.social_welfare <> 0
   OR d.legal_service <> 0 OR d.other_org <> 0 OR d.total <> 0
ORDER BY d.agency, d.year
