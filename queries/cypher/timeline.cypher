// iekg question: timeline
// 时间线：何时成立、签约、揭牌、加入、启动、结束
// Timeline: what was founded, signed, unveiled, joined, started or ended when
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query timeline --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.
// Applied by iekg after the query: start, end, what.
// iekg receives these rows collected into one record (one list per row), which the driver reads far faster; the last lines unwind them into a table.

CALL () {
  CALL () {
  MATCH (n:Event) WHERE n.date IS NOT NULL
  RETURN n.date AS date, 'event' AS what, n.id AS subjectId, n.name AS subject, n.kind AS detail,
         [(n)-[:ESTABLISHED]->(x) | x.name] AS with, coalesce(n.sources, []) AS sources
  UNION ALL
  MATCH (n:Project) WHERE n.since IS NOT NULL
  RETURN n.since AS date, 'project' AS what, n.id AS subjectId, n.name AS subject, n.kind AS detail,
         [(x)-[:PARTICIPATES_IN]->(n) | x.name] AS with, coalesce(n.sources, []) AS sources
  UNION ALL
  MATCH (n:Organization) WHERE n.founded IS NOT NULL
  RETURN n.founded AS date, 'founded' AS what, n.id AS subjectId, n.name AS subject, n.kind AS detail, [] AS with, coalesce(n.sources, []) AS sources
  UNION ALL
  MATCH (e)-[r:ESTABLISHED]->(n) WHERE coalesce(r.since, e.date) IS NOT NULL
  RETURN coalesce(r.since, e.date) AS date, 'established' AS what, n.id AS subjectId, n.name AS subject, e.name AS detail, [] AS with, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (n)-[r:SIGNED]->(x) WHERE coalesce(r.date, r.since) IS NOT NULL
  RETURN coalesce(r.date, r.since) AS date, 'signed' AS what, n.id AS subjectId, n.name AS subject, r.agreement AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (n)-[r:MEMBER_OF]->(x) WHERE r.since IS NOT NULL
  RETURN r.since AS date, 'joined' AS what, n.id AS subjectId, n.name AS subject, r.role AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources
  UNION ALL
  MATCH (n)-[r]->(x) WHERE r.until IS NOT NULL
  RETURN r.until AS date, 'ended' AS what, n.id AS subjectId, n.name AS subject, type(r) AS detail, [x.name] AS with, coalesce(r.sources, []) AS sources
  }
  RETURN collect([`date`, `what`, `subjectId`, `subject`, `detail`, `with`, `sources`]) AS rows
}
UNWIND rows AS row
RETURN row[0] AS date,
       row[1] AS what,
       row[2] AS subjectId,
       row[3] AS subject,
       row[4] AS detail,
       row[5] AS with,
       row[6] AS sources;
