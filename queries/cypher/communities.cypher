// iekg question: communities
// 合作群落：一起做事的单位群，及其主要产业与地区
// Communities: clusters of organisations that work together, with dominant industries and regions
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query communities --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// Applied by iekg after the query: min_size.
// Neo4j Community has no graph algorithms: Cypher reads the organisation–project/alliance/person edges (one packed record) and the same Python code clusters them on both backends (igraph's Leiden algorithm for modularity, seed 7; every community is connected). The clustering is computed once per graph state and kept: on a 2-core machine the first call took 0.3 s at 14,000 organisations and about 5 s at 136,000, later calls 0.01–0.02 s on either backend (Neo4j reads the edges again only after the database has committed a write).
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.

CALL () {
  MATCH (o:Organization)
  WITH o, [(o)-[:PARTICIPATES_IN|MEMBER_OF]->(h) | h.id] AS hubs,
       [(p)-[:WORKS_AT]->(o) | [p.id, p.name]] AS people
  WHERE size(hubs) > 0 OR size(people) > 0
  RETURN collect([o.id, o.name, labels(o), [(o)-[:IN_INDUSTRY]->(i) | i.name], [(o)-[:LOCATED_IN]->(g) | g.name], hubs, people]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS orgId,
       row[1] AS org,
       row[2] AS orgLabels,
       row[3] AS industries,
       row[4] AS regions,
       row[5] AS hubs,
       row[6] AS people;
