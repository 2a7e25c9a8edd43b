-- copied_content: the narrative (sections 一, 五, 六) near-identical to the same agency's report of the
-- year before, or to another agency's report of the same year: the share of equal MinHash slots of the
-- two signatures (an estimate of their shingles' Jaccard similarity, see nianbao/warehouse/similarity.py)
-- reaches $threshold. Candidates share at least one band hash; each band row carries its four slots.
-- Unverifiable for a report whose narrative is too short to have a signature.
WITH pairs AS (
    SELECT DISTINCT s.report_id, s.agency_id, s.year, o.id AS other_id
    FROM {batch} s
    JOIN narrative_band b ON b.report_id = s.report_id
    JOIN narrative_band ob ON ob.band = b.band AND ob.value = b.value AND ob.report_id <> b.report_id
    JOIN report o ON o.id = ob.report_id AND o.is_current
    WHERE (o.agency_id = s.agency_id AND o.year = s.year - 1) OR (o.agency_id <> s.agency_id AND o.year = s.year)
)
SELECT p.report_id, p.agency_id, p.year, 'fail' AS outcome, 'narrative' AS table_key, NULL AS row_key,
       NULL AS col_key, CAST($threshold AS FLOAT) AS expected,
       CAST(SUM(CASE WHEN m.slot_1 = om.slot_1 THEN 1 ELSE 0 END + CASE WHEN m.slot_2 = om.slot_2 THEN 1 ELSE 0 END
                + CASE WHEN m.slot_3 = om.slot_3 THEN 1 ELSE 0 END + CASE WHEN m.slot_4 = om.slot_4 THEN 1 ELSE 0 END)
            AS FLOAT) / $slots AS actual,
       a.name || '|' || CAST(o.year AS VARCHAR(4)) AS other
FROM pairs p
JOIN narrative_band m ON m.report_id = p.report_id
JOIN narrative_band om ON om.report_id = p.other_id AND om.band = m.band
JOIN report o ON o.id = p.other_id
JOIN agency a ON a.id = o.agency_id
GROUP BY p.report_id, p.agency_id, p.year, p.other_id, a.name, o.year
HAVING SUM(CASE WHEN m.slot_1 = om.slot_1 THEN 1 ELSE 0 END + CASE WHEN m.slot_2 = om.slot_2 THEN 1 ELSE 0 END
           + CASE WHEN m.slot_3 = om.slot_3 THEN 1 ELSE 0 END + CASE WHEN m.slot_4 = om.slot_4 THEN 1 ELSE 0 END)
       >= $threshold * $slots
UNION ALL
SELECT s.report_id, s.agency_id, s.year, 'unverifiable', 'narrative', NULL, NULL, NULL, NULL, 'missing'
FROM {batch} s
JOIN report r ON r.id = s.report_id
WHERE NOT EXISTS (SELECT 1 FROM narrative_band m WHERE m.report_id = r.id)
