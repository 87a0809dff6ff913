// iekg question: people
// 人物：各单位的人员与职务，以及跨单位任职的人
// People with titles by organisation, and people linked to more than one organisation
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query people --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// organization: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: multi.
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.
:param organization => "";

CALL () {
  MATCH (p:Person)
  WHERE $organization = '' OR EXISTS { MATCH (p)-[:WORKS_AT]->(x) WHERE x.id = $organization }
  OPTIONAL MATCH (p)-[w:WORKS_AT]->(o)
  RETURN collect([p.id, p.name, o.id, o.name, labels(o), w.title, w.since, w.until, coalesce(w.sources, []), [(p)-[:LEADS]->(x) | x.name]]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS personId,
       row[1] AS person,
       row[2] AS orgId,
       row[3] AS org,
       row[4] AS orgLabels,
       row[5] AS title,
       row[6] AS since,
       row[7] AS until,
       row[8] AS sources,
       row[9] AS leads;
