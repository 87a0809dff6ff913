// iekg question: designations
// 认定名单与合作证据：哪些认定单位缺少实际合作的证据
// Designated organisations and the evidence of partnership behind each
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query designations --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// Undated evidence counts as evidence but never as evidence since the designation.
:param designation => "";


MATCH (h)-[d:DESIGNATED_AS]->(g:Designation)
WHERE $designation IS NULL OR g.name CONTAINS $designation
OPTIONAL MATCH (h)<-[:LOCATED_IN*0..1]-(m)-[e:PARTNERS_WITH|SIGNED|PARTICIPATES_IN|MEMBER_OF]-(o)
RETURN h.id AS holderId, h.name AS holder, labels(h) AS holderLabels,
       g.name AS designation, d.batch AS batch, d.document AS document, d.date AS date,
       d.sources AS designationSources, m.name AS viaName, type(e) AS evidenceType,
       o.name AS other, coalesce(e.since, e.date) AS evidenceDate;
