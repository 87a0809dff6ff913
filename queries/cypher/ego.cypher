// iekg question: ego
// 某节点周围 k 步以内的关系网
// The neighbourhood of one node to depth k, as relationships to draw
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query ego --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// name: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
:param name => "";
:param depth => 1;
:param hubs => false;
:param max_degree => 50;

MATCH (c) WHERE $name IN [c.id, c.name]
MATCH p = (c)-[*0..3]-(n)
WHERE length(p) <= $depth
  AND all(x IN nodes(p)[1..-1]
          WHERE NOT (x:Region OR x:Industry OR x:Source)
      AND ($hubs OR COUNT { (x)--() } <= $max_degree))
WITH n, min(length(p)) AS hop
WITH collect(n) AS ns, collect({id: n.id, hop: hop}) AS hops
UNWIND ns AS x
MATCH (x)-[r]->(y) WHERE y IN ns
RETURN x.id AS fromId, x.name AS from, labels(x) AS fromLabels,
       [h IN hops WHERE h.id = x.id][0].hop AS fromHop, type(r) AS type,
       y.id AS toId, y.name AS to, labels(y) AS toLabels,
       [h IN hops WHERE h.id = y.id][0].hop AS toHop,
       coalesce(r.sources, []) AS sources, coalesce(r.since, r.date) AS since;
