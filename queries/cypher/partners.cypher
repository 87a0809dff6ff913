// iekg question: partners
// 与某单位有联系的所有单位，按类别分组
// Everyone linked to one organisation, grouped by kind
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query partners --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// name: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: as_of.
// At a date (as_of, or changes' start and end), a link with no date of its own is taken to hold from the date of the earliest source reporting it: one first reported in 2024 is not listed as of 2020. A link with no dated source either counts at any date, as nothing says when it began. The dates shown (since, latest) are stated ones only.
:param name => "";
:param region => "";
:param industry => "";

CALL () {
  MATCH (a:Organization)-[r:SIGNED|PARTNERS_WITH]-(b:Organization)
  WHERE a <> b AND a.id = $name
  RETURN a, b, null AS h, 'stated' AS kind, coalesce(r.agreement, type(r)) AS via, r.agreement AS viaKind,
         coalesce(r.sources, []) AS sources, [r.since, r.date] AS dates, [r.until] AS untils
  UNION ALL
  MATCH (a:Organization)-[r:MEMBER_OF|PART_OF|GUIDES|SUPPORTS]-(b:Organization)
  WHERE a <> b AND a.id = $name
  RETURN a, b, null AS h, 'direct' AS kind, type(r) AS via, r.role AS viaKind,
         coalesce(r.sources, []) AS sources, [r.since, r.date] AS dates, [r.until] AS untils
  UNION ALL
  MATCH (a:Organization)-[r1:PARTICIPATES_IN]->(h:Project)<-[r2:PARTICIPATES_IN]-(b:Organization)
  WHERE a <> b AND a.id = $name
  RETURN a, b, h, 'project' AS kind, h.name AS via, h.kind AS viaKind,
         coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
  UNION ALL
  MATCH (a:Organization)-[r1:MEMBER_OF]->(h:Alliance)<-[r2:MEMBER_OF]-(b:Organization)
  WHERE a <> b AND a.id = $name
  RETURN a, b, h, 'alliance' AS kind, h.name AS via, h.kind AS viaKind,
         coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
  UNION ALL
  MATCH (a:Organization)-[r1:ATTENDED|HOSTED]->(h:Event)<-[r2:ATTENDED|HOSTED]-(b:Organization)
  WHERE a <> b AND a.id = $name
  RETURN a, b, h, 'event' AS kind, h.name AS via, h.kind AS viaKind,
         coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
  UNION ALL
  MATCH (a:Organization)<-[r1:WORKS_AT]-(h:Person)-[r2:WORKS_AT]->(b:Organization)
  WHERE a <> b AND a.id = $name
  RETURN a, b, h, 'person' AS kind, h.name AS via, h.kind AS viaKind,
         coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [] AS dates, [r1.until, r2.until] AS untils
}
RETURN a.id AS aId, a.name AS a, b.id AS bId, b.name AS b, labels(b) AS bLabels,
       kind, h.id AS viaId, via, viaKind, sources, dates, untils,
       CASE WHEN $region = '' THEN true
            ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } OR EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END AS inRegion,
       CASE WHEN $industry = '' THEN true
            ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } OR EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry }
                 OR (h IS NOT NULL AND EXISTS { MATCH (h)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry }) END AS inIndustry;
