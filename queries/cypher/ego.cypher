// iekg question: ego
// 某节点周围 k 步以内的关系网
// The neighbourhood of one node to depth k, as relationships to draw
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query ego --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// name: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.
:param name => "";
:param depth => 1;
:param hubs => false;
:param max_degree => 50;

CALL () {
  CALL () {
    MATCH (c:`Organization`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Person`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Industry`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Project`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Event`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Region`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Source`) WHERE c.id = $name RETURN c
    UNION
    MATCH (c:`Designation`) WHERE c.id = $name RETURN c
  }
  CALL (c) {
    RETURN c AS n, 0 AS hop
    UNION ALL
    WITH c WHERE $depth >= 1
    MATCH (c)--(n) RETURN DISTINCT n, 1 AS hop
    UNION ALL
    WITH c WHERE $depth >= 2
    MATCH (c)--(m1) WHERE NOT (m1:Region OR m1:Industry OR m1:Source) AND ($hubs OR COUNT { (m1)--() } <= $max_degree)
    WITH DISTINCT m1
    MATCH (m1)--(n) RETURN DISTINCT n, 2 AS hop
    UNION ALL
    WITH c WHERE $depth >= 3
    MATCH (c)--(m1) WHERE NOT (m1:Region OR m1:Industry OR m1:Source) AND ($hubs OR COUNT { (m1)--() } <= $max_degree)
    WITH DISTINCT m1
    MATCH (m1)--(m2) WHERE NOT (m2:Region OR m2:Industry OR m2:Source) AND ($hubs OR COUNT { (m2)--() } <= $max_degree)
    WITH DISTINCT m2
    MATCH (m2)--(n) RETURN DISTINCT n, 3 AS hop
  }
  WITH n, min(hop) AS hop
  WITH collect(n) AS ns, collect(hop) AS hops
  UNWIND range(0, size(ns) - 1) AS i
  WITH ns, ns[i] AS n, hops[i] AS hop
  MATCH (n)-[r]-(o) WHERE o IN ns
  WITH r, collect({node: n, hop: hop}) AS ends
  WITH r, startNode(r) AS x, endNode(r) AS y, ends
  WITH x.id AS fromId, x.name AS from, labels(x) AS fromLabels,
       [e IN ends WHERE e.node = x][0].hop AS fromHop, type(r) AS type,
       y.id AS toId, y.name AS to, labels(y) AS toLabels,
       [e IN ends WHERE e.node = y][0].hop AS toHop,
       coalesce(r.sources, []) AS sources, coalesce(r.since, r.date) AS since
  RETURN collect([fromId, from, fromLabels, fromHop, type, toId, to, toLabels, toHop, sources, since]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS fromId,
       row[1] AS from,
       row[2] AS fromLabels,
       row[3] AS fromHop,
       row[4] AS type,
       row[5] AS toId,
       row[6] AS to,
       row[7] AS toLabels,
       row[8] AS toHop,
       row[9] AS sources,
       row[10] AS since;
