# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Neo4j 与 Cypher Neo4j and Cypher from Python
#
# 本笔记本把绍兴样本推送到 Neo4j，用参数运行问题目录里的 Cypher，再以只读方式运行自己写的 Cypher，
# 结果都取回为 pandas 表格。
# This notebook pushes the Shaoxing sample to Neo4j, runs the catalogue's Cypher with
# parameters, runs Cypher of your own read-only, and pulls every result into pandas.
#
# 连接哪台服务器由环境变量决定：设置了 `NEO4J_URI`（以及 `NEO4J_USER`、`NEO4J_PASSWORD`、
# `NEO4J_DATABASE`）就连接那台，否则启动或沿用项目自带的本地服务器（`iekg neo4j start`）。
# The server is chosen by the environment: `NEO4J_URI` (with `NEO4J_USER`,
# `NEO4J_PASSWORD`, `NEO4J_DATABASE`) names any server, a local one, a cluster or a hosted
# one; without it the project's managed local server is started or reused.
#
# 推送只合并样本自己的节点和关系，库里其他数据原样保留；本笔记本不删除任何东西。
# The push merges only the sample's own nodes and relationships and leaves everything else
# in the database alone; this notebook deletes nothing.

# %% [markdown]
# ## 准备 Setup
#
# 导入项目的各个部分；驱动程序对查询的提示不打印出来，而是随每个结果保存在 `attrs` 里。
# Import the parts of the project; the driver's advice about queries is not printed but
# kept with each result in `attrs`.

# %%
import logging
import os

import pandas as pd
from IPython.display import display

from graph import KnowledgeGraph
from graph.errors import QueryError
from graph.neo4j_server import default_state_dir, start
from graph.neo4j_store import Neo4jStore
from graph.schema import SCHEMA
from loaders import SAMPLE_PATH
from loaders.tables import read_table_folder
from queries import ask, find_question
from queries.backend import CypherBackend

pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

# %% [markdown]
# ## 1. 连接 Connect
#
# 没有设置 `NEO4J_URI` 时启动项目自带的服务器（已在运行就直接沿用，首次启动约需一分钟）。
# Without `NEO4J_URI`, start the project's own server (an already running one is reused;
# a first start takes about a minute).

# %%
if not os.environ.get("NEO4J_URI"):
    start(default_state_dir())
store = Neo4jStore.from_environment()
before = store.counts()
print(store.describe())
print(f"before the push: {before[0]} nodes, {before[1]} relationships")

# %% [markdown]
# ## 2. 推送图 Push the graph
#
# 在内存中读入样本，再分批合并进 Neo4j；重复推送不会产生重复数据。
# Read the sample in memory, then merge it into Neo4j batch by batch; pushing again
# creates no duplicates.

# %%
sample = KnowledgeGraph()
sample.add(read_table_folder(SAMPLE_PATH).records)
report = store.push(sample)
after = store.counts()
print(
    f"sent {report.nodes} nodes and {report.relationships} relationships "
    f"in {report.batches} transactions"
)
store.push(sample)
assert store.counts() == after, "a second push must change nothing"
print(f"after the push (twice): {after[0]} nodes, {after[1]} relationships")

# %% [markdown]
# ## 3. 目录中的 Cypher Cypher from the catalogue
#
# 每个问题都带有自己的 Cypher 文本，参数写作 `$name`；这里取出 `ego`（某节点周围的关系）来看。
# Every question carries its own Cypher text with `$name` parameters; here is `ego`, the
# relationships around one node.

# %%
ego = find_question("ego")
print(ego.table_cypher)

# %% [markdown]
# 从 Python 传入参数直接运行这段 Cypher，得到的是原始行（一个 pandas 表格）。
# `$name` 要的是节点的 id：先像 iekg 一样把名称解析成 id。
# Run that Cypher straight from Python with parameters; the result is the raw rows, as a
# pandas DataFrame. `$name` takes the node's id, so the name is first resolved as iekg does.

# %%
params = {p.name: p.default for p in ego.params} | {"name": "王苗庆创新工作站"}
params = CypherBackend(store).resolve_params(ego, params)
raw = store.run_cypher(ego.table_cypher, params)
raw[["from", "type", "to", "sources", "since"]]

# %% [markdown]
# `ask` 对 Neo4j 存储做同样的事，并且像命令行一样解析名称、整理结果。
# `ask` does the same on a Neo4j store, and like the command line it resolves names and
# finishes the rows into the documented answer.

# %%
ask("connections", store, school="绍兴中专")[["enterprise", "school", "depth", "via"]]

# %% [markdown]
# 内存中的 networkx 和 Neo4j 上的 Cypher 给出相同的答案（库里原本没有其他数据时逐表核对）。
# networkx in memory and Cypher on Neo4j give the same answers (checked table by table
# when the database held nothing else before the push).

# %%
checks = [
    ("connections", {"school": "绍兴中专"}),
    ("alliance-composition", {}),
    ("people", {}),
    ("timeline", {"what": "established"}),
    ("brokers", {}),
]
if before == (0, 0):
    same = []
    for name, given in checks:
        in_memory, on_neo4j = ask(name, sample, **given), ask(name, store, **given)
        pd.testing.assert_frame_equal(in_memory, on_neo4j)
        same.append({"question": name, "parameters": given, "rows": len(on_neo4j)})
    display(pd.DataFrame(same).assign(same=True))
else:
    print("the database held other data, so its answers may differ from the sample's alone")

# %% [markdown]
# ## 4. 自己的 Cypher Your own Cypher
#
# `run_cypher` 运行任何只读 Cypher，参数用 `$名字` 传入，结果就是 pandas 表格。
# `run_cypher` runs any read-only Cypher, with parameters passed as `$name`, and returns a
# pandas DataFrame.

# %%
members = store.run_cypher(
    """
    MATCH (o:Organization)-[m:MEMBER_OF]->(a:Alliance)
    WHERE a.name CONTAINS $word
    RETURN a.name AS alliance, o.name AS member,
           [l IN labels(o) WHERE NOT l IN ['Organization', 'School']][0] AS kind,
           m.role AS role
    ORDER BY alliance, member
    """,
    {"word": "联盟"},
)
display(members)

# %% [markdown]
# 结果取回后就是普通的 pandas：例如按类别统计成员数。
# Once pulled back the result is plain pandas: for instance, members counted by kind,
# with the kinds' Chinese names from the schema.

# %%
members.assign(类别=members["kind"].map(lambda label: SCHEMA.label(label).zh)).groupby(
    ["alliance", "kind", "类别"]
).size().rename("members").reset_index()

# %% [markdown]
# 也可以跨多步查询，例如：哪些学校主办了活动，又有哪些企业出席。
# Queries can span several steps too: which schools hosted events, and which enterprises
# attended them.

# %%
hosted = store.run_cypher(
    """
    MATCH (s:School)-[:HOSTED]->(ev:Event)<-[:ATTENDED]-(e:Enterprise)
    RETURN s.name AS school, ev.name AS event, ev.date AS date,
           collect(e.name) AS enterprises, count(e) AS n
    ORDER BY date, event
    """
)
display(hosted)

# %% [markdown]
# ## 5. 写操作会被拒绝 Writes are refused
#
# 查询在运行前先由服务器做执行计划；凡不是只读的都会被拒绝，什么也不执行。
# The server plans each query before it runs; anything that is not read-only is refused
# and nothing is executed.

# %%
try:
    store.run_cypher("MATCH (e:Enterprise) SET e.note = 'edited' RETURN e.name")
except QueryError as refusal:
    print(refusal)
else:
    raise AssertionError("a write should have been refused")
assert store.counts() == after, "the refused query changed nothing"

# %% [markdown]
# 确实需要写入时，显式传入 `write=True`（命令行为 `iekg cypher --write`）；本笔记本不这样做。
# When you do mean to write, pass `write=True` (`iekg cypher --write` on the command line);
# this notebook does not.

# %% [markdown]
# ## 6. 从 Neo4j 读回 Read the graph back
#
# `read_graph` 把库中的图读回内存，之后所有问题和地图都可以在本地运行。
# `read_graph` reads the stored graph back into memory, where every question and map runs
# locally.

# %%
back = store.read_graph()
print(f"read back {len(back)} nodes")
if before == (0, 0):
    assert back == sample, "the graph read back is the graph pushed"
    print("identical to the graph pushed")
store.close()
