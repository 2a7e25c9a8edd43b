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
ORDER BY c.parent_jurisdiction, c.year, c.agency
