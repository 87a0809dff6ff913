// iekg question: connections
// 哪些企业与哪些学校相连：方式、中介、深度、强度与来源
// Which enterprises are connected to which schools: how, through what, how deeply, how strongly, according to whom
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query connections --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// school, enterprise, region, industry: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: kind, min_depth, as_of.
// At a date (as_of, or changes' start and end), a link with no date of its own is taken to hold from the date of the earliest source reporting it: one first reported in 2024 is not listed as of 2020. A link with no dated source either counts at any date, as nothing says when it began. The dates shown (since, latest) are stated ones only.
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.
:param enterprise => "";
:param school => "";
:param region => "";
:param industry => "";

CALL () {
  CALL () {
    MATCH (a:Organization)-[r:SIGNED|PARTNERS_WITH]-(b:School)
    WHERE a.id = $enterprise AND a:Enterprise AND a <> b AND ($school = '' OR b.id = $school)
    WITH r, [[a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END]] AS aSide,
         [[b.id, b.name, labels(b), [], [], [],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END]] AS bSide
    RETURN 'stated' AS kind, null AS viaId, coalesce(r.agreement, type(r)) AS via, r.agreement AS viaKind,
           [] AS hubDates, $industry = '' AS hubIndustry, aSide, bSide
    UNION ALL
    MATCH (b:Organization)-[r:SIGNED|PARTNERS_WITH]-(a:Enterprise)
    WHERE $enterprise = '' AND b.id = $school AND b:School AND a <> b
    WITH r, [[a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END]] AS aSide,
         [[b.id, b.name, labels(b), [], [], [],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END]] AS bSide
    RETURN 'stated' AS kind, null AS viaId, coalesce(r.agreement, type(r)) AS via, r.agreement AS viaKind,
           [] AS hubDates, $industry = '' AS hubIndustry, aSide, bSide
    UNION ALL
    WITH 0 AS unfixed WHERE $enterprise = '' AND $school = ''
    MATCH (a:Enterprise)-[r:SIGNED|PARTNERS_WITH]-(b:School)
    WHERE a <> b
    WITH r, [[a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END]] AS aSide,
         [[b.id, b.name, labels(b), [], [], [],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END]] AS bSide
    RETURN 'stated' AS kind, null AS viaId, coalesce(r.agreement, type(r)) AS via, r.agreement AS viaKind,
           [] AS hubDates, $industry = '' AS hubIndustry, aSide, bSide
    UNION ALL
    CALL () {
      MATCH (s:Organization)-[:PARTICIPATES_IN]->(h:Project) WHERE s.id = $enterprise
      RETURN DISTINCT h
      UNION ALL
      MATCH (s:Organization)-[:PARTICIPATES_IN]->(h:Project)
      WHERE $enterprise = '' AND s.id = $school
      RETURN DISTINCT h
      UNION ALL
      WITH 0 AS unfixed WHERE $enterprise = '' AND $school = ''
      MATCH (h:Project)
      RETURN h
    }
    WITH h, COLLECT { MATCH (a:Enterprise)-[r:PARTICIPATES_IN]->(h) WHERE ($enterprise = '' OR a.id = $enterprise)
      RETURN [a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS aSide
    WHERE aSide <> []
    WITH h, aSide, COLLECT { MATCH (b:School)-[r:PARTICIPATES_IN]->(h) WHERE ($school = '' OR b.id = $school)
      RETURN [b.id, b.name, labels(b), coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS bSide
    WHERE bSide <> []
    RETURN 'project' AS kind, h.id AS viaId, h.name AS via, h.kind AS viaKind,
           [x IN [h.since, h.date] WHERE x IS NOT NULL] AS hubDates, CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (h)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END AS hubIndustry, aSide, bSide
    UNION ALL
    CALL () {
      MATCH (s:Organization)-[:MEMBER_OF]->(h:Alliance) WHERE s.id = $enterprise
      RETURN DISTINCT h
      UNION ALL
      MATCH (s:Organization)-[:MEMBER_OF]->(h:Alliance)
      WHERE $enterprise = '' AND s.id = $school
      RETURN DISTINCT h
      UNION ALL
      WITH 0 AS unfixed WHERE $enterprise = '' AND $school = ''
      MATCH (h:Alliance)
      RETURN h
    }
    WITH h, COLLECT { MATCH (a:Enterprise)-[r:MEMBER_OF]->(h) WHERE ($enterprise = '' OR a.id = $enterprise)
      RETURN [a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS aSide
    WHERE aSide <> []
    WITH h, aSide, COLLECT { MATCH (b:School)-[r:MEMBER_OF]->(h) WHERE ($school = '' OR b.id = $school)
      RETURN [b.id, b.name, labels(b), coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS bSide
    WHERE bSide <> []
    RETURN 'alliance' AS kind, h.id AS viaId, h.name AS via, h.kind AS viaKind,
           [x IN [h.since, h.date] WHERE x IS NOT NULL] AS hubDates, CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (h)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END AS hubIndustry, aSide, bSide
    UNION ALL
    CALL () {
      MATCH (s:Organization)-[:ATTENDED|HOSTED]->(h:Event) WHERE s.id = $enterprise
      RETURN DISTINCT h
      UNION ALL
      MATCH (s:Organization)-[:ATTENDED|HOSTED]->(h:Event)
      WHERE $enterprise = '' AND s.id = $school
      RETURN DISTINCT h
      UNION ALL
      WITH 0 AS unfixed WHERE $enterprise = '' AND $school = ''
      MATCH (h:Event)
      RETURN h
    }
    WITH h, COLLECT { MATCH (a:Enterprise)-[r:ATTENDED|HOSTED]->(h) WHERE ($enterprise = '' OR a.id = $enterprise)
      RETURN [a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS aSide
    WHERE aSide <> []
    WITH h, aSide, COLLECT { MATCH (b:School)-[r:ATTENDED|HOSTED]->(h) WHERE ($school = '' OR b.id = $school)
      RETURN [b.id, b.name, labels(b), coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS bSide
    WHERE bSide <> []
    RETURN 'event' AS kind, h.id AS viaId, h.name AS via, h.kind AS viaKind,
           [x IN [h.since, h.date] WHERE x IS NOT NULL] AS hubDates, CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (h)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END AS hubIndustry, aSide, bSide
    UNION ALL
    CALL () {
      MATCH (s:Organization)<-[:WORKS_AT]-(h:Person) WHERE s.id = $enterprise
      RETURN DISTINCT h
      UNION ALL
      MATCH (s:Organization)<-[:WORKS_AT]-(h:Person)
      WHERE $enterprise = '' AND s.id = $school
      RETURN DISTINCT h
      UNION ALL
      WITH 0 AS unfixed WHERE $enterprise = '' AND $school = ''
      MATCH (h:Person)
      RETURN h
    }
    WITH h, COLLECT { MATCH (a:Enterprise)<-[r:WORKS_AT]-(h) WHERE ($enterprise = '' OR a.id = $enterprise)
      RETURN [a.id, a.name, null, coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (a)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (a)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS aSide
    WHERE aSide <> []
    WITH h, aSide, COLLECT { MATCH (b:School)<-[r:WORKS_AT]-(h) WHERE ($school = '' OR b.id = $school)
      RETURN [b.id, b.name, labels(b), coalesce(r.sources, []), [r.since, r.date], [r.until],
       CASE WHEN $region = '' THEN true ELSE EXISTS { MATCH (b)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region } END,
       CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (b)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END] } AS bSide
    WHERE bSide <> []
    RETURN 'person' AS kind, h.id AS viaId, h.name AS via, h.kind AS viaKind,
           [] AS hubDates, CASE WHEN $industry = '' THEN true ELSE EXISTS { MATCH (h)-[:IN_INDUSTRY|TARGETS_INDUSTRY]->(i:Industry) WHERE i.id = $industry } END AS hubIndustry, aSide, bSide
  }
  RETURN collect([kind, viaId, via, viaKind, hubDates, hubIndustry, aSide, bSide]) AS rows
}
UNWIND rows AS row
UNWIND row[6] AS one
UNWIND row[7] AS other
WITH row, one, other WHERE one[0] <> other[0]
RETURN one[0] AS aId,
       one[1] AS a,
       other[0] AS bId,
       other[1] AS b,
       other[2] AS bLabels,
       row[0] AS kind,
       row[1] AS viaId,
       row[2] AS via,
       row[3] AS viaKind,
       one[3] + other[3] AS sources,
       one[4] + other[4] + row[4] AS dates,
       one[5] + other[5] AS untils,
       one[6] OR other[6] AS inRegion,
       one[7] OR other[7] OR row[5] AS inIndustry;
