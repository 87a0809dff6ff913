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
# # 01 · 导览 A guided tour
#
# 本笔记本把绍兴样本数据载入一个临时存储，逐一提出问题目录中的问题，并画出一张可交互的关系图。
# This notebook loads the Shaoxing sample into a temporary store, asks the catalogue's
# questions one by one, and draws an interactive map.
#
# 样本来自一篇真实报道：绍兴数字工匠“中高政园企”共育联盟成立大会（2023 年 11 月 10 日）。
# The sample comes from one real news report: the founding meeting of the Shaoxing
# "digital craftsmen" alliance (10 November 2023).
#
# 每一步都先用一句中文、一句英文说明，再运行代码。
# Each step is explained in one sentence of Chinese and one of English, then run.

# %% [markdown]
# ## 准备 Setup
#
# 导入项目的各个部分，并让 pandas 把宽表完整地显示出来。
# Import the parts of the project and let pandas show wide tables in full.

# %%
import tempfile
import warnings
from pathlib import Path

import pandas as pd
from IPython.display import display

from graph.embedded_store import EmbeddedStore
from graph.ingest import ingest
from graph.schema import SCHEMA
from loaders import SAMPLE_PATH, load_path
from queries import REGISTRY, ask
from viz import show

pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)
# The map is a whole page inside an iframe's srcdoc, which IPython's IFrame cannot
# express; its advice to use IFrame does not apply here.
warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")

# %% [markdown]
# ## 1. 载入样本 Load the sample
#
# 在临时文件夹里建一个嵌入式存储（不需要任何服务器），把样本表格载入其中。
# Create an embedded store in a temporary folder (no server needed) and load the
# sample tables into it.

# %%
workdir = tempfile.TemporaryDirectory(prefix="iekg-tour-")
store = EmbeddedStore(Path(workdir.name) / "store")
reports = ingest(store, load_path(SAMPLE_PATH), progress=False)
pd.DataFrame(
    [
        {
            "batch": Path(r.name).name,
            "nodes": r.nodes_after,
            "relationships": r.edges_after,
            "rejected": len(r.rejected),
        }
        for r in reports
    ]
)

# %% [markdown]
# 再载入一次不会改变任何东西：同一事实只存一份。
# Loading again changes nothing: the same fact is stored once.

# %%
again = ingest(store, load_path(SAMPLE_PATH), progress=False)[0]
assert (again.nodes_before, again.edges_before) == (again.nodes_after, again.edges_after)
print(f"{again.nodes_after} nodes, {again.edges_after} relationships, before and after")

# %% [markdown]
# ## 2. 图里有什么 What the graph holds
#
# 按类别统计节点和关系，类别名取自项目的模式（schema）定义。
# Count nodes and relationships by kind, with names taken from the project's schema.

# %%
kg = store.read_graph()
stats = kg.stats()
nodes = pd.DataFrame(
    [
        {"label": label, "中文": SCHEMA.label(label).zh, "nodes": n}
        for label, n in stats["nodes"].most_common()
    ]
)
relationships = pd.DataFrame(
    [
        {"type": rel, "中文": SCHEMA.rel(rel).zh, "relationships": n}
        for rel, n in stats["relationships"].most_common()
    ]
)
display(nodes)
display(relationships)

# %% [markdown]
# ## 3. 问题目录 The question catalogue
#
# 每个问题只定义一次，既能在内存中用 networkx 回答，也能在 Neo4j 上用 Cypher 回答。
# Each question is defined once and answered by networkx in memory or by Cypher on Neo4j.

# %%
catalogue = pd.DataFrame(
    [
        {
            "question": q.name,
            "问题": q.zh,
            "parameters": ", ".join(p.name for p in q.params),
        }
        for q in REGISTRY.values()
    ]
)
display(catalogue)

# %% [markdown]
# ### 企业与学校的联系 Enterprise–school connections
#
# `connections` 列出每一对相连的企业和学校：怎样相连、合作多深、有多强、依据哪篇来源。
# `connections` lists every connected enterprise–school pair: how, how deeply, how
# strongly, and according to which source.

# %%
connections = ask("connections", kg)
connections[["enterprise", "school", "kinds", "depth", "strength", "since", "sources"]]

# %% [markdown]
# 参数用名称、别名或名称的一部分都可以，例如只看“绍兴中专”的联系。
# Parameters take a name, an alias or a unique part of one, for instance only the links
# of 绍兴中专.

# %%
ask("connections", kg, school="绍兴中专")[["enterprise", "school", "depth", "via"]]

# %% [markdown]
# ### 某单位的全部伙伴 Everyone linked to one organisation
#
# `partners` 按类别列出与一个单位有联系的所有单位。
# `partners` lists everyone linked to one organisation, grouped by kind.

# %%
ask("partners", kg, name="绍兴中专")[["partnerKind", "partner", "kinds", "depth"]]

# %% [markdown]
# ### 两者如何相连 How two names are connected
#
# `path` 给出最好的几条路径，每一步都注明关系和来源，并附中英文说明。
# `path` gives the best few paths, each hop with its relationship and sources, and a
# paragraph in Chinese and in English.

# %%
paths = ask("path", kg, a="中科通信", b="浙江工业职业技术学院")
display(paths[["path", "step", "from", "relation", "to"]])
print(paths.loc[0, "explanationZh"])
print(paths.loc[0, "explanationEn"])

# %% [markdown]
# ### 联盟构成 Alliance composition
#
# `alliance-composition` 数出每个联盟各类成员的数量，并给出均衡度和缺少的类别。
# `alliance-composition` counts each alliance's members by kind, with a balance score
# and the kinds it lacks.

# %%
ask("alliance-composition", kg)[
    ["alliance", "members", "secondary", "higherEd", "park", "enterprise", "balance", "missing"]
]

# %% [markdown]
# ### 人物 People
#
# `people` 列出各单位的人员和职务。
# `people` lists the people of each organisation with their titles.

# %%
ask("people", kg)[["organization", "orgKind", "person", "title"]]

# %% [markdown]
# ### 时间线与变化 Timeline and changes
#
# `timeline` 按日期排出成立、签约、揭牌、加入等事实；`changes` 比较两个日期之间的联系。
# `timeline` orders what was founded, signed, unveiled or joined by date; `changes`
# compares the links at two dates.

# %%
display(ask("timeline", kg, what="established")[["date", "whatZh", "subject", "detail"]])
ask("changes", kg, start="2023-06", end="2024")[["changeZh", "enterprise", "school", "since"]]

# %% [markdown]
# ### 桥梁与群落 Brokers and communities
#
# `brokers` 找出连接不同群体的单位和人物，`communities` 找出一起做事的单位群。
# `brokers` finds organisations and people that bridge groups; `communities` finds
# clusters of organisations that work together.

# %%
display(ask("brokers", kg))
ask("communities", kg)[["community", "size", "centre", "kinds", "members"]]

# %% [markdown]
# ### 所有问题一览 Every question at once
#
# 把整个目录问一遍：必填参数用样本里的名称和日期，其余用默认值，看看各自返回多少行。
# Ask the whole catalogue, with names and dates from the sample for the required
# parameters and defaults for the rest, and see how many rows each returns.

# %%
SAMPLE_PARAMS = {
    "partners": {"name": "绍兴中专"},
    "path": {"a": "中科通信", "b": "浙江工业职业技术学院"},
    "ego": {"name": "王苗庆创新工作站"},
    "changes": {"start": "2023-06", "end": "2024"},
}
asked = []
for question in REGISTRY.values():
    params = SAMPLE_PARAMS.get(question.name, {})
    needed = [p.name for p in question.params if p.required and p.name not in params]
    rows = None if needed else len(ask(question.name, kg, **params))
    asked.append(
        {
            "question": question.name,
            "parameters": params or "",
            "rows": rows,
            "note": f"give {', '.join(needed)}" if needed else "",
        }
    )
display(pd.DataFrame(asked))

# %% [markdown]
# 样本里没有认定名单，所以 `designations` 为空；第 03 本笔记本载入名单后再看。
# The sample holds no designations list, so `designations` is empty; notebook 03 loads
# one.

# %% [markdown]
# ## 4. 关系图 An inline map
#
# `show` 把关系图直接嵌在笔记本里，不从网络加载任何东西；节点可拖动、可搜索，悬停可看来源。
# `show` embeds the map in the notebook without fetching anything; nodes can be dragged
# and searched, and hovering shows the sources.

# %%
show(kg, "connections", height=560)

# %% [markdown]
# 同一个函数也能画其他视图，例如一个联盟及其成员。
# The same function draws the other views too, for instance one alliance and its members.

# %%
show(kg, "alliance", name="共育联盟", height=480)

# %% [markdown]
# ## 收尾 Clean up
#
# 删除临时存储；在自己的工作中，用 `iekg build` 建一个持久的存储（默认在 `./.iekg`）。
# Delete the temporary store; for your own work, `iekg build` keeps a lasting store
# (in `./.iekg` by default).

# %%
workdir.cleanup()
