// iekg question: contradictions
// 来源之间相互矛盾的事实，并列显示
// Facts on which sources disagree, side by side
//
// Generated from the question's definition by `python -m queries.cypher_files`;
// do not edit. Paste the :param lines into Neo4j Browser, set the values, then
// run the query. It returns the raw rows; `iekg query contradictions --backend neo4j`
// runs the same Cypher and finishes the rows into the documented answer.


MATCH (n) WHERE n.conflicts IS NOT NULL
RETURN 'node' AS what, n.id AS itemId, n.name AS item, n.conflicts AS conflicts
UNION ALL
MATCH (a)-[r]->(b) WHERE r.conflicts IS NOT NULL
RETURN 'relationship' AS what, a.id + '|' + type(r) + '|' + b.id AS itemId,
       a.name + ' -' + type(r) + '-> ' + b.name AS item, r.conflicts AS conflicts;
