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
ORDER BY d.id
