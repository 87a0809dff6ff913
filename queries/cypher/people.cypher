// iekg question: people
// 人物：各单位的人员与职务，以及跨单位任职的人
// People with titles by organisation, and people linked to more than one organisation
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query people --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// organization: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// Applied by iekg after the query: organization, multi.

MATCH (p:Person)
OPTIONAL MATCH (p)-[w:WORKS_AT]->(o)
RETURN p.id AS personId, p.name AS person, o.id AS orgId, o.name AS org,
       labels(o) AS orgLabels, w.title AS title, w.since AS since, w.until AS until,
       coalesce(w.sources, []) AS sources,
       [(p)-[:LEADS]->(x) | x.name] AS leads;
