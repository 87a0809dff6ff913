// iekg question: path
// 两个节点如何相连：逐步说明并注明来源的最短路径
// How two named nodes are connected: the best explained paths, each hop with its sources
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query path --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// a, b: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: n.
:param a => "";
:param b => "";
:param k => 4;
:param hubs => false;
:param max_degree => 50;

CALL () {
  MATCH (a:`Organization`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Person`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Industry`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Project`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Event`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Region`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Source`) WHERE a.id = $a RETURN a
  UNION
  MATCH (a:`Designation`) WHERE a.id = $a RETURN a
}
CALL () {
  MATCH (b:`Organization`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Person`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Industry`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Project`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Event`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Region`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Source`) WHERE b.id = $b RETURN b
  UNION
  MATCH (b:`Designation`) WHERE b.id = $b RETURN b
}
MATCH p = (a)-[*1..5]-(b)
WHERE length(p) <= $k
  AND all(x IN nodes(p)[1..-1]
          WHERE NOT (x:Region OR x:Industry OR x:Source)
      AND ($hubs OR COUNT { (x)--() } <= $max_degree))
WITH p, [x IN nodes(p) | x.id] AS ids
WHERE all(i IN range(0, size(ids) - 2) WHERE NOT ids[i] IN ids[i + 1..])
UNWIND range(0, length(p) - 1) AS step
WITH p, ids, step, relationships(p)[step] AS r
RETURN ids AS pathIds, [x IN nodes(p) | x.name] AS pathNames, step,
       startNode(r).id AS startId, startNode(r).name AS start, type(r) AS type,
       endNode(r).id AS endId, endNode(r).name AS end,
       r.agreement AS agreement, r.role AS role, r.title AS title,
       coalesce(r.sources, []) AS sources, coalesce(r.since, r.date) AS since;
