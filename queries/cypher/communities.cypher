// iekg question: communities
// 合作群落：一起做事的单位群，及其主要产业与地区
// Communities: clusters of organisations that work together, with dominant industries and regions
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query communities --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// Applied by iekg after the query: min_size.
// A community is a group of organisations that work with one another more than with the rest. Two organisations are joined when they share a project, an alliance or a person, and the groups are drawn so that as many joins as possible fall inside a group (the Leiden method); every member reaches the others through joins inside its community. The same graph always gives the same communities, but they are one good grouping among several possible ones: a little more data can move an organisation that sits between two groups. centre is the member with the most joins; industries and regions are the commonest among the members. The answer is the same on Neo4j and on the embedded store; on a large graph the first call takes a while, and later ones are quick until the graph changes.
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
