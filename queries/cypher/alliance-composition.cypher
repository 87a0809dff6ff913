// iekg question: alliance-composition
// 联盟构成：各类成员数量、牵头单位、指导部门、成立活动与均衡度
// Alliance composition: members by kind, lead units, guiding agencies, founding, balance
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query alliance-composition --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// alliance: a node id or an exact name, '' for any (iekg also accepts aliases and unique parts of names).
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.
:param alliance => "";

CALL () {
  CALL () {
  MATCH (a:Alliance) WHERE ($alliance = '' OR a.id = $alliance) WITH a, a AS o, a AS r
  RETURN a.id AS allianceId, a.name AS alliance, 'alliance' AS fact, o.id AS otherId, o.name AS other, labels(o) AS otherLabels, null AS role, null AS date, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (o)-[r:MEMBER_OF]->(a:Alliance) WHERE ($alliance = '' OR a.id = $alliance)
  RETURN a.id AS allianceId, a.name AS alliance, 'member' AS fact, o.id AS otherId, o.name AS other, labels(o) AS otherLabels, r.role AS role, coalesce(r.since, r.date) AS date, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (o)-[r:GUIDES|SUPPORTS]->(a:Alliance) WHERE ($alliance = '' OR a.id = $alliance)
  RETURN a.id AS allianceId, a.name AS alliance, type(r) AS fact, o.id AS otherId, o.name AS other, labels(o) AS otherLabels, r.role AS role, null AS date, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (o:Event)-[r:ESTABLISHED]->(a:Alliance) WHERE ($alliance = '' OR a.id = $alliance)
  RETURN a.id AS allianceId, a.name AS alliance, 'founded' AS fact, o.id AS otherId, o.name AS other, labels(o) AS otherLabels, r.role AS role, coalesce(o.date, r.since) AS date, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (o)-[r:GUIDES|SUPPORTS]->(:Event)-[:ESTABLISHED]->(a:Alliance) WHERE ($alliance = '' OR a.id = $alliance)
  RETURN a.id AS allianceId, a.name AS alliance, type(r) AS fact, o.id AS otherId, o.name AS other, labels(o) AS otherLabels, r.role AS role, null AS date, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (a:Alliance)-[r:PART_OF]->(o) WHERE ($alliance = '' OR a.id = $alliance)
  RETURN a.id AS allianceId, a.name AS alliance, type(r) AS fact, o.id AS otherId, o.name AS other, labels(o) AS otherLabels, r.role AS role, null AS date, coalesce(r.sources, []) AS sources
  }
  RETURN collect([allianceId, alliance, fact, otherId, other, otherLabels, role, date, sources]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS allianceId,
       row[1] AS alliance,
       row[2] AS fact,
       row[3] AS otherId,
       row[4] AS other,
       row[5] AS otherLabels,
       row[6] AS role,
       row[7] AS date,
       row[8] AS sources;
