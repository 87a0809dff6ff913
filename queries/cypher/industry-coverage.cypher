// iekg question: industry-coverage
// 产业覆盖：学校×产业，以及有企业却无学校联系的产业、合作企业集中于单一产业的学校
// Industry coverage: schools × industries, industries with firms but no school link, and schools whose partners all sit in one industry
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query industry-coverage --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// region: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: finding.
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.
:param region => "";

CALL () {
  CALL () {
  MATCH (s:School)-[:PARTICIPATES_IN]->(p:Project)-[:TARGETS_INDUSTRY]->(i:Industry)
  WHERE ($region = '' OR EXISTS { MATCH (s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region })
  RETURN 'project' AS via, s.id AS nodeId, s.name AS node, i.id AS industryId, i.name AS industry, collect(DISTINCT p.name) AS others, null AS regions, null AS linked
  UNION ALL
  MATCH (s:School) WHERE ($region = '' OR EXISTS { MATCH (s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region })
  CALL (s) { MATCH (s)-[:SIGNED|PARTNERS_WITH]-(f:Enterprise) RETURN f
    UNION MATCH (s)-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(f:Enterprise) RETURN f }
  MATCH (f)-[:IN_INDUSTRY]->(i:Industry)
  RETURN 'partner' AS via, s.id AS nodeId, s.name AS node, i.id AS industryId, i.name AS industry, collect(DISTINCT f.name) AS others, null AS regions, null AS linked
  UNION ALL
  MATCH (f:Enterprise)-[:IN_INDUSTRY]->(i:Industry)
  WHERE ($region = '' OR EXISTS { MATCH (f)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region })
  RETURN 'enterprise' AS via, f.id AS nodeId, f.name AS node, i.id AS industryId, i.name AS industry, [] AS others, null AS regions,
         (EXISTS { (f)-[:SIGNED|PARTNERS_WITH]-(:School) } OR
          EXISTS { (f)-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(:School) }) AS linked
  UNION ALL
  MATCH (x:Organization) WHERE (x:School OR x:Enterprise)
    AND ($region = '' OR EXISTS { MATCH (x)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) WHERE g.id = $region })
  WITH x, [(x)-[:LOCATED_IN]->(r:Region) | r.id] AS regions WHERE size(regions) > 0
  RETURN 'located' AS via, x.id AS nodeId, x.name AS node, null AS industryId, null AS industry, [] AS others, regions, null AS linked
  UNION ALL
  MATCH (r:Region)
  RETURN 'region' AS via, r.id AS nodeId, r.name AS node, null AS industryId, null AS industry, [] AS others,
         [(r)-[:PART_OF*0..]->(g:Region) | g.id] AS regions, null AS linked
  }
  RETURN collect([via, nodeId, node, industryId, industry, others, regions, linked]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS via,
       row[1] AS nodeId,
       row[2] AS node,
       row[3] AS industryId,
       row[4] AS industry,
       row[5] AS others,
       row[6] AS regions,
       row[7] AS linked;
