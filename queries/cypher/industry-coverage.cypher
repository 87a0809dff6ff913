// iekg question: industry-coverage
// 产业覆盖：学校×产业，以及有企业却无学校联系的产业、合作企业集中于单一产业的学校
// Industry coverage: schools × industries, industries with firms but no school link, and schools whose partners all sit in one industry
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query industry-coverage --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// region: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: region, finding.

MATCH (s:School)-[:PARTICIPATES_IN]->(p:Project)-[:TARGETS_INDUSTRY]->(i:Industry)
RETURN DISTINCT 'project' AS via, s.id AS schoolId, s.name AS school, i.id AS industryId, i.name AS industry, p.id AS otherId, p.name AS other,
       [(s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) | {id: g.id, name: g.name}] AS regions, true AS linked
UNION ALL
MATCH (s:School)-[:SIGNED|PARTNERS_WITH]-(f:Enterprise)-[:IN_INDUSTRY]->(i:Industry)
RETURN DISTINCT 'partner' AS via, s.id AS schoolId, s.name AS school, i.id AS industryId, i.name AS industry, f.id AS otherId, f.name AS other,
       [(s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) | {id: g.id, name: g.name}] AS regions, true AS linked
UNION ALL
MATCH (s:School)-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(f:Enterprise)-[:IN_INDUSTRY]->(i:Industry)
RETURN DISTINCT 'partner' AS via, s.id AS schoolId, s.name AS school, i.id AS industryId, i.name AS industry, f.id AS otherId, f.name AS other,
       [(s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) | {id: g.id, name: g.name}] AS regions, true AS linked
UNION ALL
MATCH (f:Enterprise)-[:IN_INDUSTRY]->(i:Industry)
RETURN 'enterprise' AS via, null AS schoolId, null AS school, i.id AS industryId, i.name AS industry, f.id AS otherId, f.name AS other,
       [(f)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(g:Region) | {id: g.id, name: g.name}] AS regions,
       (EXISTS { (f)-[:SIGNED|PARTNERS_WITH]-(:School) } OR
        EXISTS { (f)-[:PARTICIPATES_IN]->(:Project)<-[:PARTICIPATES_IN]-(:School) }) AS linked;
