// iekg question: changes
// 两个日期之间的变化：新增、结束与休眠的校企联系
// What changed between two dates: new, ended and dormant enterprise–school links
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query changes --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// school, enterprise: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: start, end, change.
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.
:param enterprise => "";
:param school => "";
:param region => "";
:param industry => "";

CALL () {
  CALL () {
    MATCH (a:Enterprise)-[r:SIGNED|PARTNERS_WITH]-(b:School)
    WHERE a <> b AND a:Organization AND a.id = $enterprise AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, null AS h, 'stated' AS kind, coalesce(r.agreement, type(r)) AS via, r.agreement AS viaKind,
           coalesce(r.sources, []) AS sources, [r.since, r.date] AS dates, [r.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r1:PARTICIPATES_IN]->(h:Project)<-[r2:PARTICIPATES_IN]-(b:School)
    WHERE a <> b AND a:Organization AND a.id = $enterprise AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'project' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r1:MEMBER_OF]->(h:Alliance)<-[r2:MEMBER_OF]-(b:School)
    WHERE a <> b AND a:Organization AND a.id = $enterprise AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'alliance' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r1:ATTENDED|HOSTED]->(h:Event)<-[r2:ATTENDED|HOSTED]-(b:School)
    WHERE a <> b AND a:Organization AND a.id = $enterprise AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'event' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)<-[r1:WORKS_AT]-(h:Person)-[r2:WORKS_AT]->(b:School)
    WHERE a <> b AND a:Organization AND a.id = $enterprise AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'person' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r:SIGNED|PARTNERS_WITH]-(b:School)
    WHERE a <> b AND $enterprise = '' AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, null AS h, 'stated' AS kind, coalesce(r.agreement, type(r)) AS via, r.agreement AS viaKind,
           coalesce(r.sources, []) AS sources, [r.since, r.date] AS dates, [r.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r1:PARTICIPATES_IN]->(h:Project)<-[r2:PARTICIPATES_IN]-(b:School)
    WHERE a <> b AND $enterprise = '' AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'project' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r1:MEMBER_OF]->(h:Alliance)<-[r2:MEMBER_OF]-(b:School)
    WHERE a <> b AND $enterprise = '' AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'alliance' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)-[r1:ATTENDED|HOSTED]->(h:Event)<-[r2:ATTENDED|HOSTED]-(b:School)
    WHERE a <> b AND $enterprise = '' AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'event' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [x IN [h.since, h.date] WHERE x IS NOT NULL] AS dates, [r1.until, r2.until] AS untils
    UNION ALL
    MATCH (a:Enterprise)<-[r1:WORKS_AT]-(h:Person)-[r2:WORKS_AT]->(b:School)
    WHERE a <> b AND $enterprise = '' AND ($enterprise = '' OR a.id = $enterprise) AND ($school = '' OR b.id = $school)
    RETURN a, b, h, 'person' AS kind, h.name AS via, h.kind AS viaKind,
           coalesce(r1.sources, []) + coalesce(r2.sources, []) AS sources, [r1.since, r1.date, r2.since, r2.date] + [] AS dates, [r1.until, r2.until] AS untils
  }
  WITH a.id AS aId, a.name AS a, b.id AS bId, b.name AS b, labels(b) AS bLabels,
         kind, h.id AS viaId, via, viaKind, sources, dates, untils,
         CASE WHEN $region = '' THEN true
              ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } OR EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END AS inRegion,
         CASE WHEN $industry = '' THEN true
              ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } OR EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry }
                   OR (h IS NOT NULL AND EXISTS { MATCH (h)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry }) END AS inIndustry
  RETURN collect([aId, a, bId, b, bLabels, kind, viaId, via, viaKind, sources, dates, untils, inRegion, inIndustry]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS aId,
       row[1] AS a,
       row[2] AS bId,
       row[3] AS b,
       row[4] AS bLabels,
       row[5] AS kind,
       row[6] AS viaId,
       row[7] AS via,
       row[8] AS viaKind,
       row[9] AS sources,
       row[10] AS dates,
       row[11] AS untils,
       row[12] AS inRegion,
       row[13] AS inIndustry;
