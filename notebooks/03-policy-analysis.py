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
# # 03 · 政策分析示例 A worked policy analysis
#
# 本笔记本把 15 篇来自 15 个省份的产教融合报道、绍兴样本和一份认定名单合成一张较大的图，
# 依次分析联盟构成、产业覆盖与缺口、桥梁单位、合作深度、两个日期之间的变化，以及缺少合作证据的认定。
# This notebook combines 15 partnership reports from 15 provinces, the Shaoxing sample and
# a designations list into one larger graph, then looks at alliance balance, industry
# coverage and gaps, brokers, the depth ladder, changes between two dates, and
# designations without evidence.
#
# 结论写在最后，其中每一条都由一个断言单元核对，数据变了而文字没变时笔记本就会失败。
# The conclusion is at the end; a cell asserts each fact it states, so the notebook fails
# if the data change and the text does not.
#
# 注意：认定名单是示意数据（文号写有“示例”），只用来演示方法，不是关于真实单位的事实。
# Note: the designations list is illustrative (its document numbers say 示例); it shows the
# method and states no fact about the organisations named.

# %% [markdown]
# ## 准备 Setup
#
# 导入项目的各个部分，让图表直接显示在笔记本里，并找到随项目提供的报道和表格。
# Import the parts of the project, show charts inline, and find the reports and tables
# shipped with it.

# %%
# %matplotlib inline
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import display

from graph.embedded_store import EmbeddedStore
from graph.ingest import ingest
from graph.schema import SCHEMA
from loaders import SAMPLE_PATH, load_path
from queries import ask
from viz.chart_data import depth_ladder
from viz.charts import chart

pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 50)
pd.set_option("display.width", 200)

ROOT = SAMPLE_PATH.parents[2]
ARTICLES = sorted((ROOT / "tests" / "fixtures" / "articles").glob("d*.txt"))
DESIGNATIONS = ROOT / "tests" / "fixtures" / "tables" / "designations.csv"
print(f"{len(ARTICLES)} articles, the Shaoxing sample, and {DESIGNATIONS.name}")

# %% [markdown]
# ## 1. 建图 Build the graph
#
# 报道经文章抽取器读入，表格经表格读取器读入，全部载入一个临时的嵌入式存储；
# 每一批要么全部载入，要么全部拒绝。
# Articles go through the article extractor and tables through the table readers, all into
# one temporary embedded store; each batch is loaded whole or refused whole.

# %%
workdir = tempfile.TemporaryDirectory(prefix="iekg-analysis-")
store = EmbeddedStore(Path(workdir.name) / "store")
sources = [*ARTICLES, SAMPLE_PATH, DESIGNATIONS]
reports = ingest(store, (b for path in sources for b in load_path(path)), progress=False)
loaded = pd.DataFrame(
    [
        {
            "batch": Path(r.name).name,
            "new nodes": r.nodes_after - r.nodes_before,
            "new relationships": r.edges_after - r.edges_before,
        }
        for r in reports
    ]
)
display(loaded)
kg = store.read_graph()
print(f"{len(kg)} nodes, {kg.graph.number_of_edges()} relationships")

# %% [markdown]
# 按类别看图里有什么。
# What the graph holds, by kind.

# %%
kinds = pd.Series(kg.stats()["nodes"]).rename("nodes").to_frame()
kinds.insert(0, "中文", [SCHEMA.label(label).zh for label in kinds.index])
kinds.sort_values("nodes", ascending=False)

# %% [markdown]
# ## 2. 联盟构成与均衡 Alliance balance
#
# 均衡度衡量一个联盟的成员在中职、高校、政府、园区、企业五类之间分布得多均匀（0 到 1）。
# Balance measures how evenly an alliance's members spread over the five kinds: secondary
# schools, higher education, government, parks and enterprises (0 to 1).

# %%
alliances = ask("alliance-composition", kg)
counts = ["secondary", "higherEd", "government", "park", "enterprise", "association"]
alliances[["alliance", "members", *counts, "balance", "missing", "guidedBy"]].sort_values(
    "balance", ascending=False
)

# %% [markdown]
# 图表按类别叠加每个联盟的成员数。
# The chart stacks each alliance's members by kind.

# %%
chart(kg, "alliance")

# %% [markdown]
# 哪些类别最常缺席：统计有成员的联盟里每一类缺席的次数。
# Which kinds are most often absent: count, over alliances with members, how often each
# kind is missing.

# %%
with_members = alliances[alliances["members"] > 0]
missing = with_members["missing"].str.split("、").explode().value_counts()
missing.rename_axis("kind").rename("alliances missing it").to_frame()

# %% [markdown]
# ## 3. 产业覆盖与缺口 Industry coverage and gaps
#
# 学校参与面向某产业的项目，或其合作企业属于该产业，就算覆盖了该产业。
# A school covers an industry when it takes part in a project aimed at it or a partner
# enterprise is in it.

# %%
coverage = ask("industry-coverage", kg)
display(coverage[["finding", "school", "industry", "projects", "partners", "via"]])
chart(kg, "coverage")

# %% [markdown]
# 项目所面向的产业里，有多少有学校实际参与？
# Of the industries that projects aim at, how many have a school taking part?

# %%
target_rel = SCHEMA.rel("TARGETS_INDUSTRY").name
targeted = sorted({kg.node(e["target"])["name"] for e in kg.edges(target_rel)})
covered = set(coverage.loc[coverage["finding"] == "coverage", "industry"])
aimed = pd.DataFrame(
    {"industry": targeted, "a school takes part": [i in covered for i in targeted]}
)
display(aimed)

# %% [markdown]
# 缺口（某地区有该产业的企业、却没有一家与学校相连）要知道企业所属产业；
# 看看图中有多少企业记录了产业。
# A gap (a region whose firms in an industry have no school partner) needs the firms'
# industries; see how many enterprises have one recorded.

# %%
enterprise_label = SCHEMA.label("Enterprise").name
in_industry = SCHEMA.rel("IN_INDUSTRY").name
enterprises = {n["id"] for n in kg.nodes(enterprise_label)}
with_industry = {e["source"] for e in kg.edges(in_industry)} & enterprises
gaps = coverage[coverage["finding"] == "gap"]
print(f"{len(with_industry)} of {len(enterprises)} enterprises have an industry recorded")
print(f"{len(gaps)} gap finding(s)")

# %% [markdown]
# ## 4. 桥梁单位 Brokers
#
# 桥梁单位和人物连接原本分离的群体（介数中心性高）；群落是一起做事的单位群。
# Brokers connect otherwise separate groups (high betweenness); communities are clusters
# of organisations that work together.

# %%
brokers = ask("brokers", kg, top=10)
display(brokers[["name", "kind", "betweenness", "degree", "groups", "bridges"]])
communities = ask("communities", kg)
communities[["community", "size", "centre", "kinds", "members"]]

# %% [markdown]
# ## 5. 合作深度 The depth ladder
#
# 每一对企业—学校按最深的合作方式归到一级台阶：从同处联盟或活动（0）到共同所有（6）。
# Each enterprise–school pair sits on the rung of its deepest form of cooperation: from
# co-presence in an alliance or event (0) to shared ownership (6).

# %%
ladder = depth_ladder(kg)
display(ladder)
chart(kg, "depth")

# %% [markdown]
# 最深的几对是谁，依据什么。
# Who the deepest pairs are, and on what evidence.

# %%
connections = ask("connections", kg)
connections[connections["depthLevel"] >= 2][["enterprise", "school", "depth", "via", "since"]]

# %% [markdown]
# ## 6. 两个日期之间的变化 Changes between two dates
#
# 比较 2023 年初和 2024 年底：新增的联系、结束的联系，以及期间没有任何新证据的“休眠”联系。
# Compare the start of 2023 with the end of 2024: new links, ended links, and dormant links
# with no new evidence in the period.

# %%
START, END = "2023-01", "2024-12"
changes = ask("changes", kg, start=START, end=END)
display(changes.groupby(["change", "changeZh"]).size().rename("pairs").to_frame())
changes[["changeZh", "enterprise", "school", "depthLevel", "since", "latest"]]

# %% [markdown]
# 每年新增的企业—学校联系，按深度着色。
# Enterprise–school links begun each year, coloured by depth.

# %%
chart(kg, "years")

# %% [markdown]
# ## 7. 缺少证据的认定 Designations without evidence
#
# 把认定名单与图中的合作证据（签约、共建项目、联盟成员等）并列，
# 标出没有证据或认定后没有新证据的单位。
# Set each designation beside the graph's evidence of partnership (agreements, joint
# projects, alliance membership …) and flag holders with none, or none since the
# designation.

# %%
designations = ask("designations", kg)
designations[["holder", "holderKind", "designation", "date", "evidence", "latest", "flag"]]

# %% [markdown]
# ## 结论 Conclusion
#
# 1. **深度**：一半以上的企业—学校对只是同处一个联盟或活动，没有来源表明双方实际合作；
#    达到第 2 级及以上（订单班、产业学院、联合研发等）的不到五分之一。
#    **Depth**: more than half of the enterprise–school pairs are co-presence only, with no
#    source showing them working together; fewer than one pair in five reaches rung 2 or
#    deeper (order classes, industry colleges, joint R&D …).
# 2. **联盟**：政府部门从不作为成员出现（它们指导而不加入），没有一个联盟五类俱全；
#    绍兴数字工匠共育联盟最均衡。
#    **Alliances**: government agencies never appear as members (they guide rather than
#    join), no alliance has all five kinds, and the Shaoxing digital-craftsmen alliance is
#    the most balanced.
# 3. **产业**：项目所面向的产业，多数没有学校参与的记录；记录了所属产业的企业不到四分之一，
#    所以缺口清单为空只说明缺少数据，而不说明没有缺口。
#    **Industry**: most industries that projects aim at have no school recorded as taking
#    part; fewer than a quarter of the enterprises have an industry recorded, so an empty
#    gap list means missing data, not the absence of gaps.
# 4. **桥梁**：图分成许多各自独立的小群落，最强的桥梁单位介数也很低（低于 0.05）。
#    **Brokers**: the graph splits into many separate small communities, and even the
#    strongest broker has a low betweenness (below 0.05).
# 5. **变化**：2023—2024 年新增的联系多数只是同处关系；没有一条联系被记录为结束，
#    因为报道宣布合作开始，却很少报道合作结束，所以“休眠”不等于“结束”。
#    **Changes**: most links new in 2023–2024 are co-presence only; no link is recorded as
#    ended, because reports announce partnerships and rarely their end, so dormant does not
#    mean ended.
# 6. **认定**：在示意名单中，绍兴示例精密机械有限公司没有任何合作证据，
#    浙江时立态合科技有限公司在认定之后没有新的证据。
#    **Designations**: in the illustrative list, 绍兴示例精密机械有限公司 has no evidence
#    of partnership at all, and 浙江时立态合科技有限公司 has none dated after its
#    designation.
#
# 下面的单元逐条核对这些说法。
# The cell below checks each statement.

# %%
pairs = ladder["pairs"].sum()
co_presence = ladder.loc[ladder["level"] == 0, "pairs"].sum()
rung_two_or_deeper = ladder.loc[ladder["level"] >= 2, "pairs"].sum()
assert co_presence / pairs > 1 / 2, "1: more than half of the pairs are co-presence only"
assert rung_two_or_deeper / pairs < 1 / 5, "1: fewer than one pair in five reaches rung 2"

assert with_members["government"].sum() == 0, "2: no government agency is a member"
assert (alliances["missing"] != "").all(), "2: every alliance lacks some kind"
most_balanced = alliances.sort_values("balance", ascending=False).iloc[0]["alliance"]
assert "数字工匠" in most_balanced, "2: the Shaoxing alliance is the most balanced"

assert (~aimed["a school takes part"]).sum() > aimed["a school takes part"].sum(), "3: most"
assert len(with_industry) / len(enterprises) < 1 / 4, "3: under a quarter have an industry"

assert len(communities) >= 5, "4: many separate communities"
assert brokers["betweenness"].max() < 0.05, "4: even the top broker's betweenness is low"

new = changes[changes["change"] == "new"]
assert len(new) > 0 and (new["depthLevel"] == 0).mean() > 1 / 2, "5: new links mostly level 0"
assert not (changes["change"] == "ended").any(), "5: no link is recorded as ended"

flags = designations.set_index("holder")["flag"]
assert flags["绍兴示例精密机械有限公司"].startswith("无合作证据"), "6: no evidence at all"
assert flags["浙江时立态合科技有限公司"].startswith("认定后无新证据"), "6: none since"
print("every statement of the conclusion holds for the data above")

# %% [markdown]
# 删除临时存储。
# Delete the temporary store.

# %%
workdir.cleanup()
