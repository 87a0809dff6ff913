"""The extractor's general rules, one error class at a time.

Each case is a short sentence in the style of school and bureau news with the
exact entities and relations expected, so that a rule that stops holding
shows which class of error came back.  The names are made up or generic; no
rule may depend on them.
"""

from __future__ import annotations

from pathlib import Path

from loaders.articles import Gazetteer, extract_article
from loaders.articles.scoring import micro, score_folder

EXTRA = Path(__file__).resolve().parent.parent / "fixtures" / "articles" / "extra"


def facts(text: str, **kw: object) -> tuple[set, set, dict]:
    """(entities as (name, type), relations as triples, aliases by name)."""
    data = extract_article(text, published="2024-06-01", **kw).to_json()  # type: ignore[arg-type]
    ents = {(e["name"], e["type"]) for e in data["entities"]}
    rels = {(r["source"], r["type"], r["target"]) for r in data["relations"]}
    aliases = {e["name"]: e["aliases"] for e in data["entities"] if e["aliases"]}
    return ents, rels, aliases


# 1. Where a name starts ------------------------------------------------------


def test_place_anchors_a_name_that_opens_with_a_verb() -> None:
    ents, rels, _ = facts("会上,黑龙江省促进非公经济发展学会秘书长姚勇民致辞。")
    assert ents == {("黑龙江省促进非公经济发展学会", "Association"), ("姚勇民", "Person")}
    assert rels == {("姚勇民", "WORKS_AT", "黑龙江省促进非公经济发展学会")}


def test_bare_province_word_opens_a_name_after_a_delimiter() -> None:
    ents, _, _ = facts("学校副校长孟强和省促进非公经济发展学会秘书长姚勇民出席。")
    assert ("省促进非公经济发展学会", "Association") in ents


def test_place_mistagged_by_jieba_still_opens_the_name() -> None:
    ents, rels, _ = facts("会议在大连工业大学召开,大连工业大学校长王强出席。")
    assert ents == {("大连工业大学", "HigherEducationInstitution"), ("王强", "Person")}
    assert rels == {("王强", "WORKS_AT", "大连工业大学")}


def test_one_character_suffix_inside_a_verb_is_no_agency() -> None:
    ents, _, _ = facts("沈阳华晨有限公司签署了合作协议。")
    assert ents == {("沈阳华晨有限公司", "Enterprise")}
    ents, _, _ = facts("会议由市教育局主办,县职教中心承办。")
    assert ents == {("市教育局", "GovernmentAgency"), ("县职教中心", "SecondaryVocationalSchool")}


def test_ambiguous_verb_joins_a_name_only_behind_a_place() -> None:
    ents, _, _ = facts("会上,中建西部建设股份有限公司当选为理事长单位。")
    assert ents == {("中建西部建设股份有限公司", "Enterprise")}
    assert facts("学校将推动建设职业学院。")[0] == set()
    assert facts("各部门将全力支持联合体发展。")[0] == set()


def test_fields_joined_inside_a_unit_name() -> None:
    ents, rels, _ = facts("甘肃省教育厅职业教育与成人教育处处长马丽娟出席。")
    assert ents == {
        ("甘肃省教育厅职业教育与成人教育处", "GovernmentAgency"),
        ("甘肃省教育厅", "GovernmentAgency"),
        ("马丽娟", "Person"),
    }
    assert rels == {
        ("马丽娟", "WORKS_AT", "甘肃省教育厅职业教育与成人教育处"),
        ("甘肃省教育厅职业教育与成人教育处", "PART_OF", "甘肃省教育厅"),
    }
    ents, _, _ = facts("郑州大学与河南工学院签约。")
    assert ents == {
        ("郑州大学", "HigherEducationInstitution"),
        ("河南工学院", "HigherEducationInstitution"),
    }


def test_bracketed_other_name_is_an_alias() -> None:
    ents, rels, aliases = facts(
        "9月1日,江西现代技师学院(江西省现代高级技工学校)举行订单班开班仪式。"
    )
    assert ents == {("江西现代技师学院", "SecondaryVocationalSchool"), ("订单班开班仪式", "Event")}
    assert aliases["江西现代技师学院"] == ["江西省现代高级技工学校"]
    assert rels == {("江西现代技师学院", "HOSTED", "订单班开班仪式")}
    ents, _, _ = facts("百胜餐饮(福州)有限公司与黎明职业大学签约。")
    assert ("百胜餐饮(福州)有限公司", "Enterprise") in ents


# 2. Event names --------------------------------------------------------------


def test_event_named_by_its_own_words_when_they_name_it() -> None:
    ents, rels, aliases = facts(
        "5月28日,黑龙江农垦职业学院与黑龙江省促进非公经济发展学会共建"
        "“黑龙江省北大荒银发经济产业学院”签约仪式在学院江北校区举行。"
    )
    event = "共建“黑龙江省北大荒银发经济产业学院”签约仪式"
    assert (event, "Event") in ents
    assert aliases[event] == [
        "黑龙江农垦职业学院与黑龙江省促进非公经济发展学会共建“黑龙江省北大荒银发经济产业学院”签约仪式"
    ]
    assert ("黑龙江农垦职业学院", "SIGNED", "黑龙江省促进非公经济发展学会") in rels


def test_event_keeps_its_parties_when_the_rest_is_generic() -> None:
    ents, _, aliases = facts(
        "5月15日,江苏省武进中等专业学校与常州恒创智能装备有限公司校企合作签约仪式在学校举行。"
    )
    assert ("江苏省武进中等专业学校与常州恒创智能装备有限公司校企合作签约仪式", "Event") in ents
    assert aliases == {}


def test_co_builders_of_a_project_named_in_the_event() -> None:
    _, rels, _ = facts(
        "5月28日,甲城职业学院与乙城促进会共建“乙城康养产业学院”签约仪式在学院举行。"
        "双方将以乙城康养产业学院为平台开展合作。"
    )
    assert ("甲城职业学院", "PARTICIPATES_IN", "乙城康养产业学院") in rels
    assert ("乙城促进会", "PARTICIPATES_IN", "乙城康养产业学院") in rels
    # A signing ceremony does not establish the project the parties agree to build.
    assert not any(r[1] == "ESTABLISHED" for r in rels)


# 3. Industries ---------------------------------------------------------------


def test_industry_read_back_stops_at_places_and_modifiers() -> None:
    ents, rels, _ = facts("黑龙江省北大荒银发经济产业学院揭牌成立。")
    assert ("银发经济", "Industry") in ents
    assert ("黑龙江省北大荒银发经济产业学院", "TARGETS_INDUSTRY", "银发经济") in rels
    assert facts("学校与企业共建的省级示范性产业学院正式揭牌。")[0] == set()
    ents, _, _ = facts("湖南省教育厅公布首批省级产教融合实训基地名单。")
    assert ents == {("湖南省教育厅", "GovernmentAgency")}


def test_industry_written_with_its_trade_word_is_an_alias() -> None:
    _, _, aliases = facts("黑龙江省北大荒银发经济产业学院揭牌,将服务银发经济产业。")
    assert aliases == {"银发经济": ["银发经济产业"]}


def test_industry_stated_in_prose() -> None:
    ents, rels, _ = facts("燃气集团在城市燃气行业中地位举足轻重。")
    assert ents == {("燃气集团", "Enterprise"), ("城市燃气行业", "Industry")}
    assert rels == {("燃气集团", "IN_INDUSTRY", "城市燃气行业")}


# 4. Relations not reached ----------------------------------------------------


def test_attendance_list_runs_across_semicolons() -> None:
    _, rels, _ = facts(
        "3月2日,陇原产教融合推进会在天水陇原职业技术学院召开。"
        "出席大会的有:江苏恒力机械有限公司总经理张明;南通理工学院院长李华;天水市教育局局长赵文博。"
    )
    event = "陇原产教融合推进会"
    assert {
        ("天水陇原职业技术学院", "HOSTED", event),
        ("江苏恒力机械有限公司", "ATTENDED", event),
        ("南通理工学院", "ATTENDED", event),
        ("天水市教育局", "ATTENDED", event),
    } <= rels


def test_college_of_a_university_signs_and_belongs_to_it() -> None:
    ents, rels, _ = facts(
        "南昌赣江理工学院副校长万丽出席。"
        "学校材料科学与工程学院与江西赣锋锂业有限公司签订了研究生联合培养协议。"
    )
    assert ("材料科学与工程学院", "HigherEducationInstitution") in ents
    assert ("材料科学与工程学院", "SIGNED", "江西赣锋锂业有限公司") in rels
    assert ("材料科学与工程学院", "PART_OF", "南昌赣江理工学院") in rels


def test_one_party_signs_with_each_listed_party_but_not_with_the_place() -> None:
    _, rels, _ = facts(
        "签约环节中,食品药品工程学院与哈尔滨市工蚁邦养老服务有限公司、黑龙江宝医堂中医院"
        "等4家单位签订了校企合作协议。"
    )
    assert rels == {
        ("食品药品工程学院", "SIGNED", "哈尔滨市工蚁邦养老服务有限公司"),
        ("食品药品工程学院", "SIGNED", "黑龙江宝医堂中医院"),
    }
    _, rels, _ = facts("毕节工业职业技术学院与贵州星美服饰有限公司在毕节市财贸学校签署了合作协议。")
    assert rels == {("毕节工业职业技术学院", "SIGNED", "贵州星美服饰有限公司")}


def test_attending_a_signing_ceremony_is_no_signing() -> None:
    _, rels, _ = facts(
        "张掖市教育局副局长周立,张掖丰源农业有限公司总经理钱宇、人力资源部经理孙婷,"
        "张掖祁连职业技术学院院长沈平等参加签约仪式。"
    )
    assert not any(r[1] == "SIGNED" for r in rels)


def test_parties_signing_at_the_meeting_attend_it() -> None:
    opening = "5月10日,张掖市绿色农业市域产教联合体成立大会在张掖祁连职业技术学院召开。"
    event = "张掖市绿色农业市域产教联合体成立大会"
    school = "张掖祁连职业技术学院"
    _, rels, _ = facts(opening + f"会上,{school}与张掖丰源农业有限公司签署了合作协议。")
    assert ("张掖丰源农业有限公司", "ATTENDED", event) in rels
    assert (school, "HOSTED", event) in rels
    _, rels, _ = facts(
        opening + f"院长在会上说,2020年{school}与张掖市人民政府签订协议以来合作不断。"
    )
    assert ("张掖市人民政府", "ATTENDED", event) not in rels


def test_school_officers_named_with_the_school_own_word() -> None:
    _, rels, _ = facts(
        "长春职业技术大学校企合作大会举行。大会由学校副校长蒋大明主持。"
        "学校党委书记董妍在致辞中回顾了历程。学校党委副书记、校长王军作了产业学院筹建报告。"
    )
    school = "长春职业技术大学"
    assert {
        ("蒋大明", "WORKS_AT", school),
        ("董妍", "WORKS_AT", school),
        ("王军", "WORKS_AT", school),
    } <= rels


def test_officer_title_after_the_name_belongs_to_the_one_alliance() -> None:
    _, rels, _ = facts(
        "广西现代商贸职业教育集团召开常务理事会议。韦群生秘书长汇报了职教集团的工作。"
    )
    assert ("韦群生", "WORKS_AT", "广西现代商贸职业教育集团") in rels


def test_byline_with_an_organisation() -> None:
    _, rels, _ = facts("(文/轻工学院 李启兵 图/轻工学院 曾飞虎)")
    assert rels == {("李启兵", "WORKS_AT", "轻工学院"), ("曾飞虎", "WORKS_AT", "轻工学院")}


# 5. Person names ---------------------------------------------------------------


def test_preposition_after_a_two_character_name() -> None:
    assert facts("学校党委书记董妍在致辞中回顾了办学历程。")[0] == {("董妍", "Person")}
    assert facts("校长王永和出席会议。")[0] == {("王永和", "Person")}


def test_a_role_is_no_given_name() -> None:
    assert facts("学校成立了由校长任组长的产教融合工作领导小组。")[0] == set()


def test_another_body_ends_the_previous_person_organisation() -> None:
    _, rels, _ = facts("省人社厅副厅长王刚,市政府副市长李明出席会议并讲话。")
    assert rels == {("王刚", "WORKS_AT", "省人社厅")}
    _, rels, _ = facts("冀南技师学院党委书记许克亮、院长王小生,招生就业科副科长蔡颖出席。")
    assert rels == {
        ("许克亮", "WORKS_AT", "冀南技师学院"),
        ("王小生", "WORKS_AT", "冀南技师学院"),
        ("蔡颖", "WORKS_AT", "冀南技师学院"),
    }


# 6. Agencies, schools and projects the suffixes missed -----------------------


def test_offices_schools_and_co_built_institutes() -> None:
    ents, _, _ = facts("绍兴袍江更新办、柯桥区职业教育中心参加会议。")
    assert ents == {
        ("绍兴袍江更新办", "GovernmentAgency"),
        ("柯桥区职业教育中心", "SecondaryVocationalSchool"),
    }
    assert facts("双方确定共建中国传统医学研究院等合作项目。")[0] == {
        ("中国传统医学研究院", "Project")
    }
    assert facts("中国传统医学研究院派员参加。")[0] == {("中国传统医学研究院", "Association")}


# A whole short report -------------------------------------------------------------

ORDER_CLASS_REPORT = (
    "4月18日上午,酒泉市职业技术学校与甘肃酒钢集团宏兴钢铁股份有限公司“订单班”签约暨揭牌仪式"
    "在学校报告厅隆重举行。酒泉市教育局党组成员、副局长孙立军,甘肃酒钢集团宏兴钢铁股份有限公司"
    "人力资源部部长刘海、培训中心主任马建军,学校党委书记、校长杨志明等出席仪式。\n"
    "随后,杨志明与刘海代表双方签订了《校企合作订单培养协议》,孙立军与马建军共同为"
    "“酒钢宏兴订单班”揭牌。据悉,首届订单班共招收学生45名。"
)


def test_order_class_report() -> None:
    ents, rels, aliases = facts(ORDER_CLASS_REPORT)
    school, firm = "酒泉市职业技术学校", "甘肃酒钢集团宏兴钢铁股份有限公司"
    event = f"{school}与{firm}“订单班”签约暨揭牌仪式"  # “订单班” alone names no event
    assert aliases == {}
    assert {(n, t) for n, t in ents if t != "Person"} == {
        (event, "Event"),
        (school, "SecondaryVocationalSchool"),
        (firm, "Enterprise"),  # its 人力资源部 is no agency
        ("酒泉市教育局", "GovernmentAgency"),
        ("酒钢宏兴订单班", "Project"),  # 首届订单班 is no name
    }
    assert rels == {
        ("孙立军", "WORKS_AT", "酒泉市教育局"),
        ("刘海", "WORKS_AT", firm),
        ("马建军", "WORKS_AT", firm),
        ("杨志明", "WORKS_AT", school),
        (school, "HOSTED", event),
        (firm, "ATTENDED", event),
        ("酒泉市教育局", "ATTENDED", event),
        (school, "SIGNED", firm),
        (event, "ESTABLISHED", "酒钢宏兴订单班"),
        ("酒泉市教育局", "PARTICIPATES_IN", "酒钢宏兴订单班"),
        (firm, "PARTICIPATES_IN", "酒钢宏兴订单班"),
    }
    data = extract_article(ORDER_CLASS_REPORT, published="2024-04-19").to_json()
    signed = next(r for r in data["relations"] if r["type"] == "SIGNED")
    assert signed["props"] == {"agreement": "校企合作订单培养协议"}
    assert "《校企合作订单培养协议》" in signed["evidence"]["sentence"]
    works = {r["source"]: r["props"]["title"] for r in data["relations"] if r["type"] == "WORKS_AT"}
    assert works["刘海"] == "人力资源部部长"
    unveil = {r["props"]["role"] for r in data["relations"] if r["type"] == "PARTICIPATES_IN"}
    assert unveil == {"揭牌方"}


ALLIANCE_REPORT = (
    "11月22日,由呼和浩特市人力资源和社会保障局指导,内蒙古机电职业技术学院牵头组建的"
    "内蒙古新能源装备产教联盟成立大会在呼和浩特举行。自治区人力资源和社会保障厅职业能力建设处"
    "处长高娃,呼和浩特市人力资源和社会保障局党组书记、局长张建华出席会议。\n"
    "会上,内蒙古机电职业技术学院当选为理事长单位,金风科技股份有限公司当选为副理事长单位,"
    "呼和浩特市第一职业中等专业学校等32家单位成为首批成员单位。"
)


def test_alliance_report() -> None:
    ents, rels, _ = facts(ALLIANCE_REPORT)
    event, alliance = "内蒙古新能源装备产教联盟成立大会", "内蒙古新能源装备产教联盟"
    bureau, office = "呼和浩特市人力资源和社会保障局", "自治区人力资源和社会保障厅职业能力建设处"
    college = "内蒙古机电职业技术学院"
    assert (event, "Event") in ents  # named after 牵头组建的, not from the clause start
    assert {
        (event, "ESTABLISHED", alliance),
        (bureau, "GUIDES", event),
        (college, "MEMBER_OF", alliance),
        ("金风科技股份有限公司", "MEMBER_OF", alliance),
        ("呼和浩特市第一职业中等专业学校", "MEMBER_OF", alliance),
        ("高娃", "WORKS_AT", office),
        (office, "PART_OF", "自治区人力资源和社会保障厅"),
        ("张建华", "WORKS_AT", bureau),
    } <= rels
    # The guide is no leader, and the city named as the place hosts nothing.
    assert (bureau, "MEMBER_OF", alliance) not in rels
    assert not any(r[1] == "HOSTED" for r in rels)


# Gazetteer ---------------------------------------------------------------------


def test_gazetteer_recognises_known_names_without_a_suffix() -> None:
    text = "3月5日,绍兴中专与蓝海星签署合作协议。蓝海星总经理王伟出席。"
    ents, rels, _ = facts(text)
    assert ("蓝海星", "Enterprise") not in ents
    known = {"蓝海星": "Enterprise", "绍兴中专": "SecondaryVocationalSchool", "王伟": "Person"}
    ents, rels, _ = facts(text, gazetteer=known)
    assert ents == {
        ("绍兴中专", "SecondaryVocationalSchool"),
        ("蓝海星", "Enterprise"),
        ("王伟", "Person"),
    }
    assert rels == {("绍兴中专", "SIGNED", "蓝海星"), ("王伟", "WORKS_AT", "蓝海星")}


def test_gazetteer_label_wins_and_longest_known_name_is_taken() -> None:
    known = Gazetteer({"甬江实验室": "Association", "甬江实验室宁波分部": "Association"})
    assert len(known) == 2 and known["甬江实验室"] == "Association"
    ents, _, _ = facts("甬江实验室宁波分部与宁波职业技术学院签约。", gazetteer=known)
    assert ents == {
        ("甬江实验室宁波分部", "Association"),
        ("宁波职业技术学院", "HigherEducationInstitution"),
    }
    # Labels the gazetteer cannot bring in, and names too short to spot, are ignored.
    ignored = Gazetteer({"王伟": "Person", "签约": "Enterprise", "揭牌仪式": "Event"})
    assert len(ignored) == 0


# Unseen articles -----------------------------------------------------------------


def test_extra_articles_keep_precision() -> None:
    results = score_folder(EXTRA)
    assert len(results) == 5
    ent, rel = micro(results, "entities"), micro(results, "relations")
    assert ent.precision >= 0.9 and ent.f1 >= 0.85
    assert rel.precision >= 0.85 and rel.f1 >= 0.7
