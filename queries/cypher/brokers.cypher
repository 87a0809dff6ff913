// iekg question: brokers
// 桥梁单位与人物：连接原本分离群体的单位和人
// Brokers: organisations and people who bridge otherwise separate groups
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query brokers --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// Applied by iekg after the query: top, kind.
// A broker lies on many of the shortest routes between organisations that would otherwise be far apart. The network joins two organisations when they share a project, an alliance or a person, and keeps people in it, so that someone with posts in two organisations can be a broker. betweenness is the share of all shortest routes that pass through the broker. Up to 500 organisations and people it is exact; above that it is estimated from the routes that start at 100 of them, picked the same way every time, so the same graph gives the same list. Checked against the exact values on two synthetic graphs (1,154 and 11,369 organisations and people), the estimate found the same top broker and 17 of the top 20, but the values were off by about a fifth (median) and sometimes by half or more: read the order of the top few, not the numbers. groups and bridges say which communities (see communities) the broker's neighbours belong to. The answer is the same on Neo4j and on the embedded store; on a large graph the first call takes a while, and later ones are quick until the graph changes.
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
