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
WHERE EXISTS (SELECT 1 FROM report o WHERE o.agency_id = r.agency_id AND o.year = r.year AND o.version > 1)
ORDER BY a.name, r.year, r.version
