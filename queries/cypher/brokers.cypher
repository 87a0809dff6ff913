// iekg question: brokers
// 桥梁单位与人物：连接原本分离群体的单位和人
// Brokers: organisations and people who bridge otherwise separate groups
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query brokers --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// Applied by iekg after the query: top, kind.
// Neo4j Community has no graph algorithms: Cypher reads the projection (one packed record) and the same Python code computes on both backends. Betweenness is exact up to 500 nodes; above that it is estimated from 100 seeded sample sources (Brandes' algorithm vectorised with numpy). Measured against exact betweenness on the 10k synthetic graph (1,154 projection nodes): the top broker is the same, 17 of the top 20 and 8 of the top 10 agree, the rank correlation is 0.98, and the top 20's values are off by 21 % (median), up to 50 %; on the 100k graph (11,369 nodes) also 17 of the top 20, values off by 18 % (median), up to 99 %: read the ranking of the top few, not the values. The ranking is computed once per graph state and kept: on a 2-core machine the first call took under 1 s at 14,000 organisations and 10–11 s at 136,000 (betweenness, and the communities the bridges column names), later calls under 0.2 s on either backend (Neo4j reads the projection again only after the database has committed a write).
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
