#!/usr/bin/env python3
"""Generate jingshu's bundled sample of raw Chinese documents.

Writes ``src/jingshu/sample/raw_zh.jsonl`` and ``src/jingshu/sample/__init__.py``, then
re-reads the JSONL and checks it (``verify``). Deterministic (fixed seed), stdlib only::

    .venv/bin/python scripts/make_sample.py

All text below was written by the jingshu team for the demo and the tests; every piece of
personal data is fabricated at random (valid check digits, nobody's data). Apache-2.0.

Each JSONL line is one record with exactly these fields, in this order:

``id``       "doc-0001", "doc-0002", ... unique, in file order.
``title``    the page title (carries the record's defect too where that is natural).
``text``     the raw text, defects included. Paragraphs are separated by "\\n".
``url``      "https://example.cn/...", unique per record.
``source``   genre: gov_service, city_news, weather, transport, education, health, tech_news,
             product_review, recipe, travel, forum_qa, encyclopedia, policy, story, and for
             standalone records also notice, ecommerce, comment, web.
``defects``  ground truth: the defect kinds injected, in the order applied; [] = clean.
``dup_of``   for ``exact_dup`` / ``near_dup``: the id of the record duplicated (always an
             earlier record, never itself a duplicate); otherwise null.
``family``   "base-NNN" shared by the clean record of a hand-written base text and every
             variant made from it (so a repaired ``ad`` variant is, in truth, a near copy of
             its clean sibling); null for standalone records (low-quality texts, PII forms).
``pii``      list of {"type", "value", "start", "end"} for every piece of fabricated personal
             data in ``text``, with ``text[start:end] == value``; [] when none. Types: id_card,
             phone, bank_card, uscc, email, name, address.

Defect kinds: exact_dup, near_dup, ad, boilerplate, traditional, mojibake_gbk,
mojibake_latin1, garbled_kunkao, pinyin_gloss, html_debris, pii, low_quality.
"""

from __future__ import annotations

import json
import random
import re
import string
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20250601
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "src" / "jingshu" / "sample"
OUT_JSONL = OUT_DIR / "raw_zh.jsonl"
OUT_INIT = OUT_DIR / "__init__.py"

DEFECT_KINDS = (
    "exact_dup",
    "near_dup",
    "ad",
    "boilerplate",
    "traditional",
    "mojibake_gbk",
    "mojibake_latin1",
    "garbled_kunkao",
    "pinyin_gloss",
    "html_debris",
    "pii",
    "low_quality",
)
FIELDS = ("id", "title", "text", "url", "source", "defects", "dup_of", "family", "pii")
PII_TYPES = ("id_card", "phone", "bank_card", "uscc", "email", "name", "address")

# ---------------------------------------------------------------------------------------
# Base texts: original, hand-written. "@genre title" starts an entry; each following line
# is one paragraph. The city (临江市) and its districts are fictional.
# ---------------------------------------------------------------------------------------
BASE_TEXTS = """
@gov_service 临江市居民身份证补领办事指南
一、办理对象：户籍在本市、身份证件遗失或损坏需要补领的居民。
二、办理材料：本人户口簿；未满十六周岁的，由监护人陪同并提供监护关系证明。
三、办理地点：户籍所在地派出所户政窗口，也可通过“临江办事”小程序预约后到就近的便民服务中心办理。
四、办理时限：材料齐全的，自受理之日起二十个工作日内制证完成，可选择邮寄到家。
五、收费标准：按规定收取工本费，符合减免条件的凭证明免收。咨询电话：12345政务服务便民热线。
@gov_service 新生儿出生“一件事”联办指南
为减少群众跑腿，我市将出生医学证明、户口登记、医保参保、社保卡申领等事项整合为“出生一件事”。家长在孩子出生后，登录市政务服务网，选择“出生一件事”专区，填写一张表单、上传一次材料即可同步办理。
系统会根据填报信息自动分发到公安、医保、人社等部门，办理进度可在个人中心实时查看。办结后，户口簿和社保卡可以选择邮寄，全程无需到现场。
温馨提示：请在孩子出生后一个月内完成户口登记。
@gov_service 灵活就业人员参加职工医保办理流程
在本市从事灵活就业、年满十六周岁的人员，可以个人身份参加职工基本医疗保险。
办理方式有两种：一是携带身份证到各区医保经办窗口现场办理；二是在手机端“临江医保”服务号中选择“灵活就业参保登记”，按提示完成人脸识别后提交。
缴费基数可在全市上年度职工月平均工资的百分之六十至百分之三百之间自主选择，按月缴纳。参保缴费满六个月后，可享受门诊统筹待遇。中断缴费超过三个月的，需要重新计算等待期。
@gov_service 二手房“带押过户”业务说明
“带押过户”是指二手房在仍有抵押贷款的情况下，无需先还清贷款解除抵押，即可办理转移登记和新的抵押登记。
今年起，我市各不动产登记中心均已开通此项业务。买卖双方与涉及的银行达成一致后，可一次性提交转移登记、抵押注销和抵押设立申请，登记机构合并审核、一并办结。
此举可以减少卖方筹措过桥资金的压力，降低交易成本。具体可向所在区不动产登记中心咨询。
@gov_service 个体工商户开业登记怎么办
申请开办个体工商户，经营者可以登录市场主体登记网上服务平台，选择“个体工商户设立登记”。需要准备经营者身份证明、经营场所使用证明；从事餐饮、食品销售等许可类项目的，还需在取得营业执照后申请相应许可。
名称可以自主申报，系统会进行智能比对。信息提交后，一般在一个工作日内完成审核，营业执照可选择电子执照或到窗口领取纸质执照。
@gov_service 住房公积金提取业务指南
职工购买本市自住住房、支付房租或者偿还购房贷款，可以申请提取住房公积金。
租房提取：无自有住房的职工，每年可申请一次，额度按本市租房提取标准执行，签订备案租赁合同的可按实际房租提取。
还贷提取：可以选择按月委托提取，资金直接划入本人银行账户。
所有提取业务均可在公积金中心网站或手机客户端办理，到账时间一般为三个工作日。
@gov_service 临江市居住证申领须知
来临江市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以申领居住证。
申请人先在社区完成居住登记，满六个月后携带身份证、近期照片和相关证明材料，到居住地派出所或社区警务室提交申请。居住证每年签注一次，逾期未签注的，居住年限中断计算。
持居住证可以在本市享受子女入学、基本公共卫生服务、办理出入境证件等公共服务。
@gov_service 老年人优待证申领
年满六十周岁的本市户籍老年人及持有居住证的常住老年人，可申领老年人优待证。申领后可在市属公园、博物馆等场所享受免费或半价优惠，乘坐公交也有相应优惠。申请可由本人或家属在社区服务中心代办，无需提供照片，现场拍摄即可。
@city_news 滨江绿道全线贯通
经过近两年的建设，临江市滨江绿道日前实现全线贯通。绿道全长约三十八公里，串联起沿江七座公园、三处湿地和两个历史街区，沿途设置了十二处驿站，提供饮水、休息和自行车维修服务。
市园林部门负责人介绍，绿道建设尽量保留了原有树木，并在部分路段采用透水铺装，下雨时地面不易积水。周末已有不少市民骑行打卡，有市民说，从家门口骑到江边只需十分钟。
@city_news 老旧小区加装电梯让居民“一键到家”
记者从市住建部门获悉，今年全市已有一百六十余部老旧小区加装电梯完成验收并投入使用。东湖区桂香里小区的居民王阿姨住在六楼，以前每天上下楼都要歇好几次，如今电梯开到家门口，她终于可以天天下楼买菜、遛弯。
据介绍，加装电梯需要本单元业主协商一致，政府对符合条件的项目给予一定补贴。相关部门还推出了“一站式”审批服务，从方案公示到开工的时间缩短了一半以上。
@city_news 老码头夜市改造后重新开张
北塘区老码头夜市上周末重新开张。改造后的夜市保留了原有的石板路和老仓库外墙，新增了统一规划的摊位和油烟净化设施，八十多个摊位以本地小吃为主，也有手工艺品和旧书摊。
开业当晚人流量超过两万人次。管理方表示，将实行摊位准入和食品安全巡查制度，并在夜间加开两条公交线路，方便市民出行。
@city_news 云溪区十个社区食堂开张
为解决老年人吃饭难问题，云溪区在十个社区开办了社区食堂。食堂提供早餐和午餐，荤素搭配，六十岁以上老人凭卡就餐可享受优惠，行动不便的老人还可以预约送餐上门。
在梅园社区食堂，七十六岁的李大爷点了一份红烧豆腐和青菜，他说：“味道清淡，价格也实惠，比自己做饭省心多了。”区民政局表示，年底前还将新增十五个助餐点。
@city_news 市图书馆新馆下月开放
市图书馆新馆将于下月正式对外开放。新馆建筑面积约五万平方米，设有少儿阅览区、地方文献区、数字体验区和二十四小时自助借还区，藏书规模可达三百万册。
开放后，读者凭身份证或电子读者证即可入馆，无需押金。图书馆还将定期举办讲座、展览和亲子阅读活动，周一至周日全天开放，法定节假日照常开馆。
@city_news 商场开展消防疏散演练
昨天上午，东湖区一家大型商场联合辖区消防救援站开展了一次消防疏散演练。警报响起后，商场工作人员按照预案引导顾客从安全出口有序撤离，全程用时不到六分钟。消防员随后现场讲解了灭火器的使用方法，并提醒市民发现火情要第一时间拨打火警电话。
@city_news 垃圾分类：从“要我分”到“我要分”
自生活垃圾分类管理条例实施以来，我市居民小区垃圾分类知晓率和参与率稳步提高。在云溪区枫林小区，楼下原来的八个垃圾桶被集中到两个定时定点投放点，志愿者在早晚高峰时段值守，手把手教居民分类。
“一开始觉得麻烦，现在已经习惯了。”居民老周说，厨余垃圾要破袋投放，纸箱压扁后放进可回收物桶。据统计，试点小区厨余垃圾分出量较去年同期增加了三成。
@weather 临江市气象台短期天气预报
今天白天多云转阴，午后局部地区有雷阵雨，气温二十四到三十一摄氏度，东南风三到四级。今天夜间到明天阴有中雨，部分地区大雨，气温二十三到二十七摄氏度。
气象台提醒：雷雨发生时请尽量避免在空旷地带和大树下停留，驾车出行注意减速慢行；低洼地区注意防范积水。
@weather 寒潮蓝色预警
临江市气象台发布寒潮蓝色预警信号：受强冷空气影响，未来四十八小时内我市气温将下降八到十摄氏度，最低气温可降至零下二摄氏度，并伴有五到六级偏北风，阵风可达七级。
请市民注意添衣保暖，老人和儿童减少外出；农户及时加固大棚，做好作物防冻措施；户外广告牌等高空设施需提前检查加固。
@weather 今年入梅偏晚，梅雨期约二十五天
今年我市入梅时间比常年偏晚一周左右。气象专家分析，梅雨期预计持续二十五天，累计降雨量接近常年。梅雨季节空气湿度大，衣物和食物容易发霉，建议家中适当开启除湿设备，食物少量多次购买，尽快食用。
连续降雨还可能引发城市内涝和山区地质灾害，请居住在山区和低洼地带的居民密切关注预警信息。
@weather 持续高温防暑提示
未来一周我市将持续高温天气，最高气温三十六到三十八摄氏度。请户外工作者合理安排作息时间，避开中午至下午三点的高温时段；注意补充水分，不要等到口渴才喝水；老人、儿童和慢性病患者尽量减少外出，谨防中暑。
@weather 本周空气质量以良为主
据市生态环境监测中心数据，本周我市空气质量以良为主，首要污染物为臭氧。受静稳天气影响，周末两天可能出现轻度污染。专家建议，午后臭氧浓度较高，儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间户外活动，一般人群可正常活动。
@transport 地铁四号线一期月底开通
临江地铁四号线一期工程将于本月底开通初期运营。线路全长二十二公里，共设车站十八座，其中换乘站四座，可分别与一号线、二号线和三号线换乘。
开通后，从北塘客运站到高铁临江南站的时间将由原来的一个多小时缩短至四十分钟左右。初期运营阶段，首班车六点发车，末班车二十二点三十分发车，高峰时段行车间隔约六分钟。
@transport 两条公交线路临时绕行
因城市道路施工，自下周一起，十五路、四十二路公交车临时调整运行线路：由火车站开往体育中心方向，绕行江汉路、建设路，暂停停靠人民路口站、百货大楼站，在建设路北口增设临时站点。返程线路不变。
施工结束后恢复原线路运行，给乘客带来的不便，敬请谅解。
@transport 国庆假期出行提示
国庆假期临近，预计假期首日上午九点至十二点为出城高峰，高速公路主要收费站将出现排队情况。交通部门提醒，小型客车假期免收高速公路通行费，以驶离收费站的时间为准。
建议市民错峰出行，出发前通过导航软件查看实时路况；长途驾驶每隔两小时停车休息一次，不疲劳驾驶，不超速，不占用应急车道。
@transport 中心城区划设共享单车电子围栏
为整治共享单车乱停乱放，市交通运输局近日在中心城区划设了五百多个电子围栏停车点。用户需将车辆停放在停车点内才能结束行程，停放在点位外的，将被收取一定的调度费用。
运营企业还需按照区域投放配额管理车辆，在地铁站周边等热点区域增加运维人员，高峰时段及时清运淤积车辆。
@transport 驾驶证到期换证可以网上办
驾驶证有效期满需要换证的，驾驶人可在有效期满前九十日内申请。如今，不少业务已经可以“网上办”：登录交通安全综合服务平台或手机应用，上传近期体检信息和照片后提交申请，新证件将邮寄到指定地址。
六十周岁以上的驾驶人每年需提交一次身体条件证明；七十周岁以上的，还需每年通过记忆力、判断力、反应力等能力测试。
@transport 路内停车实行分时段收费
自下月起，中心城区路内停车泊位实行分时段差别化收费。工作日白天首小时收费五元，之后每半小时三元；夜间和节假日收费标准下调。停车十五分钟以内免费。
市民可通过手机应用查询空余泊位、在线缴费。相关负责人表示，调整收费的目的是提高车位周转率，引导市民更多选择公共交通出行。
@education 义务教育阶段招生报名即将开始
本市二〇二五年义务教育阶段学校招生报名即将开始。适龄儿童家长需在规定时间内登录市义务教育入学服务平台，如实填写户籍、房产或居住证信息，系统将自动比对核验，大部分家庭无需提交纸质材料。
公办学校严格按照划片范围就近入学，民办学校报名人数超过招生计划的，一律实行电脑随机录取。对报名信息有疑问的，可拨打各区教育局公布的咨询电话。
@education 今年中考体育考试怎么考
今年中考体育考试总分为五十分，由过程性考核和现场统一考试两部分组成。现场考试项目中，男生一千米跑、女生八百米跑为必考项目，另从跳绳、立定跳远、排球垫球等项目中任选两项。
体育教师提醒，考前两周不宜突然加大运动量，应以保持状态为主；考试当天提前到达考点，做好充分的热身活动。
@education 小学课后服务全面覆盖
新学期，全市小学课后服务全面覆盖。每天下午放学后，学校提供两个小时的课后服务，第一时段主要辅导学生完成作业，第二时段开设体育、艺术、科技等兴趣课程，学生可根据兴趣自主选择。
家长根据需要自愿报名。一位家长说，孩子在学校写完作业再回家，自己下班接孩子也不用赶时间了。
@education 暑期防溺水安全提醒
暑假期间，溺水是学生意外伤亡的主要原因之一。教育部门提醒家长和学生牢记“六不”：不私自下水游泳，不擅自与他人结伴游泳，不在无家长或教师带领的情况下游泳，不到无安全设施、无救援人员的水域游泳，不到不熟悉的水域游泳，不熟悉水性的学生不擅自下水施救。
发现有人落水，应立即大声呼救并拨打报警电话，可以借助竹竿、绳子等物品施救。
@education 临江大学研发秸秆基可降解材料
临江大学材料学院一个研究团队近日在可降解塑料领域取得进展。团队研发出一种以秸秆为原料的新型复合材料，在自然环境中约半年即可分解，强度却与常用的包装塑料相当。
项目负责人表示，这种材料的原料来源广泛、成本较低，有望用于外卖餐盒、快递包装等一次性用品。目前团队正与本地企业合作开展中试。
@education 孩子写作业拖拉怎么办
孩子写作业拖拉，是很多家长头疼的问题。专家建议，家长首先要弄清楚原因：是题目太难、注意力容易分散，还是单纯不想写。可以和孩子一起把作业分成几个小任务，每完成一项休息几分钟；书桌上只放与作业有关的东西，手机、零食都放远一点。
更重要的是，少一点催促和批评，多一点对具体进步的肯定，让孩子慢慢建立起对学习的掌控感。
@health 流感高发季，这些防护要做好
每年秋冬季是流感高发季节。流感与普通感冒不同，起病急，常有高热、头痛、全身肌肉酸痛等症状，老年人、儿童、孕妇和患有慢性病的人群感染后容易出现重症。
接种流感疫苗是预防流感最有效的手段，建议在流行季来临前完成接种。日常生活中要勤洗手、常通风，咳嗽或打喷嚏时用纸巾或肘部遮掩口鼻。如出现高热不退、呼吸困难等情况，应及时就医。
@health 高血压，管住嘴迈开腿
高血压被称为“无声的杀手”，很多人患病多年却没有明显感觉。建议成年人每年至少测量一次血压，三十五岁以上人群首次就诊时应常规测量。
控制血压，生活方式很重要：每天食盐摄入不超过五克，少吃咸菜、腌肉等高盐食品；坚持适量运动，控制体重；戒烟限酒，保证睡眠。已经确诊并开始服药的患者，不要自行停药或减量，应在医生指导下调整治疗方案。
@health 预防儿童近视，每天户外两小时
近年来儿童青少年近视呈低龄化趋势。眼科医生介绍，户外活动是预防近视简单有效的方法，建议孩子每天户外活动两小时以上，阳光下的自然光有助于延缓眼轴增长。
读写时要做到“一尺一拳一寸”，连续用眼四十分钟左右应休息远眺。家长应控制孩子使用电子产品的时间，并定期带孩子到正规医疗机构进行视力检查，建立屈光发育档案。
@health 心肺复苏，关键四分钟
心脏骤停发生后，最佳抢救时间只有四到六分钟。发现有人突然倒地，首先要确认周围环境安全，轻拍患者双肩并大声呼喊，判断其有无反应和正常呼吸。
如果没有反应、没有呼吸，应立即拨打急救电话，同时开始胸外按压：双手掌根重叠，按压胸部正中两乳头连线中点，按压深度五到六厘米，频率每分钟一百到一百二十次。附近如有自动体外除颤器，应尽快取来使用。
@health 年轻人熬夜，身体在“记账”
不少年轻人习惯熬夜刷手机，第二天再靠咖啡提神。医生指出，长期睡眠不足会影响注意力和记忆力，还会增加肥胖、高血压等疾病的风险。
改善睡眠可以从小习惯做起：每天尽量在同一时间上床和起床；睡前一小时放下手机，调暗灯光；午睡不超过半小时；晚饭不要吃得过饱，下午以后少喝浓茶和咖啡。如果失眠持续一个月以上，建议到睡眠门诊就诊。
@health 家庭医生签约服务问答
家庭医生签约服务是以社区卫生服务中心为平台，由全科医生、护士、公卫医生等组成团队，为居民提供连续的健康管理服务。签约居民可以享受健康评估、慢病随访、预约转诊、长处方等服务。
居民可携带身份证和医保卡到就近的社区卫生服务中心签约，也可以在线上申请。签约周期一般为一年，到期后可以续约或者更换家庭医生团队。
@health 雨季谨防误食毒蘑菇
每到雨季，野生菌生长旺盛，误食毒蘑菇中毒事件也随之增多。专家提醒，民间流传的“颜色鲜艳的有毒、煮时放银器变黑的有毒”等说法都没有科学依据，许多剧毒蘑菇外观朴素，与可食用菌非常相似。
最好的办法是不采、不买、不吃不认识的野生菌。一旦食用后出现恶心、呕吐、腹痛等症状，要立即就医，并带上剩余的蘑菇样品。
@tech_news 本地企业发布新一代中文大模型
本周，一家总部位于临江的人工智能企业发布了新一代中文大语言模型。该模型在阅读理解、公文写作和多轮对话等任务上表现较上一代有明显提升，支持十余万字的上下文输入。
企业负责人表示，模型训练使用了经过严格清洗和去重的中文语料，并对个人信息进行了脱敏处理。模型将通过开放平台向开发者提供调用服务，同时面向政务、医疗、教育等行业推出定制版本。
@tech_news 高新区数据中心用上浸没式液冷
随着算力需求快速增长，数据中心的能耗问题日益受到关注。位于临江高新区的一座新建数据中心采用了浸没式液冷技术，服务器直接浸泡在不导电的冷却液中，热量通过液体循环带走。
据运营方介绍，与传统风冷相比，液冷方案能使机房整体能效显著提升，每年可节约大量电力，同时机房噪音更低、占地更小。回收的余热还将用于周边园区冬季供暖。
@tech_news 无人机航线运送检验样本
低空经济正在走进日常生活。在临江市云溪区，一条连接社区服务站和医院检验中心的无人机航线已经常态化运行，用于运送血液样本和急需药品。原来需要四十分钟的车程，无人机只要十二分钟左右。
相关部门表示，将在保障飞行安全的前提下，逐步开放更多航线，探索外卖、快递等场景的低空配送服务。
@tech_news 常用应用推出“长辈模式”
不少老年人反映，手机应用里弹窗多、字体小、操作步骤繁琐。为此，多家常用应用推出了“长辈模式”：界面字体放大，功能入口精简，去除了诱导下载的弹窗，部分应用还支持语音操作。
业内人士认为，适老化改造不应只是“放大字体”，更要从老年人的使用习惯出发，让他们用得上、用得好，也要防范针对老年人的网络诈骗。
@tech_news 企业开源，不只是把代码放到网上
越来越多的国内企业开始把自研软件开源。一位开源社区维护者表示，开源不只是把代码放到网上，更需要清晰的许可证、完善的文档和持续响应社区问题的投入。
他建议，企业在开源前应当做好知识产权梳理，确认代码中没有包含第三方的未授权内容；开源后要建立透明的治理规则，让外部贡献者能够参与决策，这样项目才能长期健康发展。
@tech_news 动力电池退役潮将至
新能源汽车动力电池退役潮即将到来。业内预计，未来几年退役电池数量将快速增长。退役电池通常仍保留约七成以上的容量，可先用于储能电站、通信基站备用电源等场景进行梯次利用，容量进一步下降后再拆解回收锂、钴、镍等金属。
专家提醒，消费者不要把旧电池卖给没有资质的个人或小作坊，以免造成环境污染和安全隐患。
@tech_news 警惕冒充客服的“屏幕共享”骗局
近期，冒充客服办理“退款”“注销校园贷”的电信网络诈骗案件有所抬头。骗子通常能准确说出受害人的姓名和购物信息，以此取得信任，再诱导受害人下载会议软件、开启屏幕共享，进而窃取银行卡验证码。
警方提醒：正规客服不会要求开启屏幕共享，也不会要求转账到所谓的“安全账户”。接到可疑电话，请立即挂断，并通过官方渠道核实。
@tech_news 智能网联汽车获发道路测试牌照
临江市近日向三家企业发放了智能网联汽车道路测试牌照，允许其测试车辆在指定的一百二十公里城市道路上开展测试。测试期间，车内必须配备安全员，随时准备接管车辆。
主管部门表示，测试数据将统一接入市级监管平台，实时监测车辆运行状态。下一步将根据测试情况，逐步扩大测试区域，并探索开展无人化示范应用。
@product_review 扫地机器人用了三个月的真实感受
用了三个月的扫地机器人，说说真实感受。优点：吸力够大，地毯上的猫毛能吸干净；建图很准，可以在手机上划分房间、设置禁区；自动集尘很省事，一个月才倒一次尘袋。
缺点也有：遇到地上的数据线、袜子还是会卡住，需要先收拾一遍地面；拖地功能一般，只能算是“湿擦”，厨房的油渍拖不掉。总体来说，适合家里有宠物、地面比较空的用户，四星。
@product_review 电热水壶使用评价
这款电热水壶容量一点七升，烧满一壶水大约五分钟，速度还可以。内胆是一体成型的不锈钢，没有明显的塑料味，第一次用先烧了两壶水倒掉。
比较喜欢的是它有保温功能，可以设定四十五度、六十度、八十度几个档位，冲奶粉和泡绿茶都方便。美中不足是壶身外壁烧水时有点烫手，有小孩的家庭要注意放的位置。
@product_review 降噪耳机一周体验
入手一周的降噪耳机，在地铁上开降噪，报站声和车厢噪音基本听不到了，效果比我上一副好不少。佩戴比较轻，连续戴两个小时耳朵不疼。
音质偏暖，低音量感足，听流行音乐很舒服，但是人声稍微有点靠后。续航官方说三十个小时，我实际用下来差不多二十六七个小时。通话降噪一般，在马路边打电话对方说有点吵。价格不算便宜，建议等大促入手。
@product_review 换了个压力电饭煲
家里的老电饭煲用了八年，这次换了一个带压力功能的。煮出来的米饭确实更软糯，米粒也更完整。预约功能很实用，晚上放好米和水，早上起来就有热粥喝。
不太满意的地方：内锅涂层看起来不是很耐磨，只能用配的木勺；清洗时上盖的密封圈要拆下来洗，稍微有点麻烦。总体还是值得推荐的。
@product_review 小刺猬绘本套装评价
给四岁的女儿买的这套绘本，一共十本，讲的是一只小刺猬和森林里朋友们的故事。画风温暖，纸张很厚，边角做了圆角处理，不怕划手。
每本书讲一个小道理，比如分享、道歉、面对害怕，文字不多，适合睡前亲子共读。女儿最喜欢那本讲下雨天的，已经让我读了不下二十遍。唯一的问题是书脊有一本开胶了，联系客服换了新的，处理得很及时。
@product_review 登山鞋穿着走了两段山路
上个月穿着这双登山鞋走了两段山路，一段是石阶，一段是雨后的泥土路。抓地力很好，下坡时没有打滑的感觉；鞋头有加厚，踢到石头也不疼。
防水效果不错，踩过几次浅水坑，袜子是干的。缺点是鞋底偏硬，新鞋前两天有点磨脚后跟，建议先在平时穿几天再去爬山。尺码偏小半码，买的时候可以大一号。
@recipe 番茄炒蛋的家常做法
番茄炒蛋做法简单，却最考验火候。
材料：番茄两个，鸡蛋三个，葱一根，盐、糖适量。
步骤：一、番茄顶部划十字，用开水烫一下去皮，切成小块；鸡蛋加少许盐打散。二、锅里多放一点油，烧热后倒入蛋液，待边缘凝固后轻轻推动，炒至八成熟盛出。三、锅中留底油，下番茄块中火翻炒出汁，加少许糖中和酸味。四、倒回鸡蛋翻炒均匀，加盐调味，撒上葱花即可出锅。
小窍门：喜欢汤汁多的，可以在炒番茄时加两勺清水。
@recipe 红烧肉怎么做才不腻
红烧肉要做得肥而不腻，关键在于炒糖色和小火慢炖。
五花肉切成三厘米见方的块，冷水下锅，加姜片和料酒焯水后捞出洗净。锅中放少许油和冰糖，小火炒至冰糖融化呈枣红色，放入肉块翻炒上色。加入生抽、少许老抽、八角、桂皮，倒入没过肉块的热水，大火烧开后转小火炖一个小时。最后大火收汁，汤汁浓稠、裹满肉块即可。
@recipe 夏日凉拌黄瓜
夏天没胃口，来一盘凉拌黄瓜最开胃。黄瓜洗净后用刀背拍裂，切成段，加一小勺盐腌十分钟，倒掉腌出的水分。另取小碗，放入蒜末、香醋、生抽、少许白糖和香油，调匀后浇在黄瓜上，喜欢辣的可以加点辣椒油。拌匀后放进冰箱冷藏半小时，口感更爽脆。
@recipe 南瓜小米粥
南瓜小米粥养胃又好消化，适合早餐。小米淘洗两遍，用清水浸泡二十分钟；南瓜去皮去籽，切成小丁。锅中加水烧开，放入小米和南瓜，大火煮开后转小火，期间搅拌几次以免粘锅。煮约三十分钟，小米开花、南瓜软烂，粥面浮起一层米油就可以关火了。不用加糖，南瓜本身就有淡淡的甜味。
@recipe 白菜猪肉饺子
包饺子是北方人过年的传统。调馅是关键：猪肉馅里分次加入花椒水，顺着一个方向搅打上劲，再加入生抽、盐、姜末、香油。白菜切碎后撒盐杀出水分，挤干后再和肉馅拌在一起，这样饺子煮熟后不会出汤。
和面时用温水，面团揉到表面光滑后醒半小时。煮饺子时水开下锅，用勺背轻推防止粘底，水再次沸腾时加一碗凉水，重复三次，饺子浮起、鼓肚就熟了。
@recipe 清蒸鲈鱼
清蒸鲈鱼讲究新鲜和火候。鲈鱼处理干净后，在鱼身两侧各划几刀，抹少许盐和料酒，鱼肚里塞入姜片和葱段，腌十分钟。
蒸锅水烧开后放入鱼，大火蒸八分钟左右，关火后再焖两分钟。倒掉盘中蒸出的腥水，去掉葱姜，铺上新鲜的葱丝、姜丝和红椒丝，淋上蒸鱼豉油，最后浇一勺烧得滚烫的热油，“滋啦”一声，香味就出来了。
@travel 青石古镇一日游
周末去了一趟临江西边的青石古镇。古镇不大，一条主街沿河而建，两侧是白墙黑瓦的老房子，很多已经改成了茶馆和小店。清早的时候游客不多，河边有人洗衣服，石桥上偶尔走过挑着担子的老人，很有生活气息。
推荐尝尝镇上的米糕和腌笃鲜，价格也不贵。晚上住在河边的民宿，推开窗就能听到流水声。建议避开节假日，人少的时候才能体会到古镇的安静。
@travel 云顶山徒步记
五月初去爬了云顶山，从东门上山，全程约九公里，石阶为主，普通体力大概需要四个小时。半山腰有一片杜鹃林，正是花开的时候，漫山都是粉红色。
山顶风很大，即使是晴天也建议带一件外套。下山可以选择坐索道，单程大约十五分钟。山上补给点的东西比山下贵一些，可以自己带足饮用水和干粮。景区实行实名预约，记得提前在小程序上预约门票。
@travel 九月的海岛
第一次去海岛旅行，选在了九月，避开了暑假高峰，天气也没那么热。岛上环岛公路修得很好，租一辆电动车就能转遍主要景点。最喜欢的是岛东边的一片沙滩，沙子细白，傍晚在那里看日落，天边从橙色慢慢变成紫色。
注意：上岛的船班受天气影响较大，遇到大风会停航，行程最好留出一天的余量。海鲜可以去码头边的市场自己挑，再找附近的饭馆加工。
@travel 带孩子逛市博物馆
带孩子去了市博物馆，新开的“江城千年”展览值得一看。展厅按时间顺序介绍了临江从古代渡口到现代城市的变迁，有出土的陶器、古代的船模，还有老照片和老物件复原的街景。
孩子最喜欢互动区，可以在屏幕上“修复”文物碎片。博物馆免费参观，需要提前一天预约，周一闭馆。讲解器可以在入口处租用，也可以扫码听语音导览。
@travel 国庆自驾西部草原
国庆期间自驾去了西部草原，一路上的风景让人难忘。从省会出发，前两天走的是高速，之后转入国道，路况总体不错，但部分路段在修路，需要绕行。
草原上昼夜温差很大，中午穿短袖，晚上就得穿羽绒服。加油站之间的距离比较远，看到加油站最好把油加满。手机信号在有些山谷里会中断，建议提前下载离线地图。
@travel 老城区慢慢走
在临江住了十年，最近才发现老城区适合慢慢走。从钟楼出发，沿着解放路往南，街边是上世纪的老洋房，很多保留着原来的门牌和雕花窗户。转进小巷，有一家开了三十多年的面馆，阳春面只要八块钱，汤头很鲜。
再往前走是老城墙遗址公园，傍晚有人在这里唱戏、下棋。整条线路走下来大约两个小时，不用赶景点，随走随停就好。
@forum_qa 换工作断缴两个月社保有影响吗
问：换工作中间断缴了两个月社保，会有什么影响吗？
答：主要看险种。养老保险是累计计算缴费年限的，中间断了两个月，只是少了两个月的缴费记录，之后续上即可，不影响以后领取。医保断缴的影响更直接一些，断缴期间产生的医疗费用不能报销，重新参保后一般还有一段等待期。如果所在城市对落户、购房有社保连续缴纳的要求，断缴可能会让计算重新开始，建议提前查询当地政策。
@forum_qa 退租被扣一半押金合理吗
问：租房合同到期退租，房东以墙面有污渍为由扣了一半押金，合理吗？
答：一般来说，正常使用造成的合理损耗不应由租客承担，比如墙面轻微发黄、家具自然老化。如果是人为造成的明显损坏，房东可以要求赔偿，但扣款应与实际维修费用相当。建议你：一是找出入住时拍的照片或交接清单；二是和房东协商，请对方提供维修报价；三是协商不成，可以向街道调解组织申请调解，或者向法院起诉。
@forum_qa 猫突然不怎么吃东西要去医院吗
问：家里的猫这两天突然不怎么吃东西，精神还可以，需要去医院吗？
答：猫偶尔一顿两顿吃得少，可能是换了猫粮、天气太热或者环境变化引起的，可以先观察。但如果超过二十四小时完全不吃，或者同时出现呕吐、腹泻、精神萎靡、频繁进出猫砂盆却尿不出来等情况，要尽快带去宠物医院。尤其是公猫排尿困难，可能是尿道堵塞，耽误了会很危险。
@forum_qa 三十岁转行学编程还来得及吗
问：三十岁转行学编程还来得及吗？
答：来得及，但要想清楚目标。如果是想找开发工作，建议先选一个方向，比如网页前端或者数据分析，集中学一门语言，做几个完整的小项目放在作品集里，比刷一堆教程有用。每天保证两三个小时的练习，坚持半年到一年，通常能达到初级岗位的要求。另外，你之前的行业经验其实是优势，可以找和原行业结合的岗位。
@forum_qa 朝北的阳台能种菜吗
问：朝北的阳台能种菜吗？
答：朝北阳台光照少，像番茄、辣椒这种喜阳的果菜不太适合，但可以种一些耐阴的叶菜，比如生菜、菠菜、小葱、薄荷。用泡沫箱或者种植箱就行，底部记得打孔排水。浇水不要太勤，表层土干了再浇。如果想种得好一点，可以加一盏植物补光灯，每天补光几个小时效果会明显改善。
@forum_qa 孩子夜里发烧要马上去急诊吗
问：孩子夜里发烧三十八度五，要马上去急诊吗？
答：先别慌，先看孩子的精神状态。如果退烧后能玩能吃，精神好，一般可以在家观察，按说明书剂量使用儿童退烧药，多喝水，穿得适当少一些，不要捂汗。出现以下情况要及时就医：三个月以下的婴儿发烧；高烧持续超过三天；出现抽搐、嗜睡、呼吸急促、皮疹或者持续呕吐。本回答仅供参考，具体请遵医嘱。
@forum_qa 信用卡最低还款会影响征信吗
问：信用卡最低还款会影响征信吗？
答：按时还了最低还款额，不算逾期，不会在征信上留下逾期记录。但是选择最低还款后，银行通常会对全部欠款计算利息，而不是只对未还部分，算下来利息并不低，而且不再享受免息期。偶尔资金周转困难可以用一次，长期依赖就要注意了。如果实在还不上，建议主动联系银行协商分期。
@encyclopedia 大熊猫
大熊猫是中国特有的哺乳动物，主要分布在四川、陕西和甘肃的山区。成年大熊猫体长约一点二到一点八米，体重可达一百多千克，身体毛色黑白相间，眼周有黑色的“眼圈”。
大熊猫虽然属于食肉目，但食物中绝大部分是竹子，每天要花十几个小时进食。它们通常独居，繁殖率较低，每胎一般产一到两仔。经过多年保护，野生大熊猫数量已有所回升，受威胁等级由“濒危”调整为“易危”。
@encyclopedia 二十四节气
二十四节气是中国古代根据太阳在黄道上的位置划分的时令，用来指导农业生产和日常生活。一年分为春、夏、秋、冬四季，每季包含六个节气，如立春、雨水、惊蛰、春分等。
节气反映了季节更替、气候变化和物候特征，许多节气还伴随着民俗活动，比如清明扫墓踏青、冬至吃饺子或汤圆。二〇一六年，二十四节气被列入联合国教科文组织人类非物质文化遗产代表作名录。
@encyclopedia 活字印刷术
活字印刷术是中国古代四大发明之一。据北宋沈括《梦溪笔谈》记载，平民毕昇发明了泥活字：用胶泥刻字，每字一印，用火烧硬后按韵排列存放；印刷时在铁板上按文章排字，用松脂、蜡等固定，印完后再拆版，活字可以反复使用。
与雕版印刷相比，活字印刷节省了大量刻版的时间和材料。后来又陆续出现了木活字、铜活字等。
@encyclopedia 长江
长江是中国第一长河，全长约六千三百公里，发源于青藏高原的唐古拉山脉，自西向东流经青海、西藏、四川、云南、重庆、湖北、湖南、江西、安徽、江苏、上海等省区市，最终注入东海。
长江流域面积约一百八十万平方公里，水资源丰富，沿岸有众多重要城市，是中国经济发展的重要地带。长江也是中华文明的发源地之一，孕育了巴蜀文化、荆楚文化和吴越文化等。
@encyclopedia 茶
茶是以茶树的叶子加工制成的饮品。根据加工工艺和发酵程度不同，中国茶通常分为绿茶、白茶、黄茶、乌龙茶、红茶和黑茶六大类。绿茶不发酵，保持了鲜叶的绿色，代表品种有龙井、碧螺春；红茶属于全发酵茶，汤色红亮。
中国是茶的原产地，饮茶的历史已有数千年。唐代陆羽撰写的《茶经》是世界上第一部茶学专著。
@encyclopedia 机器学习
机器学习是人工智能的一个分支，研究如何让计算机从数据中自动学习规律，并用学到的规律对新数据进行预测或决策。根据训练数据是否带有标签，机器学习常分为监督学习、无监督学习和强化学习等类型。
训练数据的质量对模型效果有很大影响。重复样本、错误标签和带有偏见的数据，都可能让模型学到错误的规律。因此在实际应用中，数据清洗、标注和质量评估往往要花费大量的时间。
@encyclopedia 简化字
简化字是在原有汉字的基础上减少笔画、简化结构形成的字体。二十世纪五十年代，中国开始系统推行汉字简化，先后公布了《汉字简化方案》和《简化字总表》。如今，中国大陆和新加坡通行简化字，台湾、香港和澳门地区则主要使用繁体字。
简化字与繁体字之间并非都是一一对应的关系，例如简化字“发”对应繁体字中的“發”和“髮”，因此在两种字体之间转换时需要结合上下文判断。
@policy 临江市印发公共数据开放管理办法
为推动公共数据有序开放，临江市近日印发《公共数据开放管理办法》。办法明确，公共数据按照开放属性分为无条件开放、有条件开放和不予开放三类。无条件开放的数据，社会公众可以直接在开放平台上获取；有条件开放的数据，需要使用者提出申请，说明用途并签订使用协议，经数据提供部门审核后开放。
办法还要求，涉及个人信息、商业秘密的数据，应当经过脱敏、匿名化处理后方可开放；开放平台对数据的下载和调用实行全程留痕，确保数据使用可追溯。
@policy 释放数据要素价值的关键
数据作为新型生产要素，正在加快融入生产、分配、流通、消费和社会服务管理等各个环节。业内专家指出，数据要素价值的释放，关键在于解决“供得出、流得动、用得好”的问题。
一方面，要建立数据资源持有权、数据加工使用权、数据产品经营权分置的产权运行机制；另一方面，要发展隐私计算等技术，实现数据“可用不可见”，在保护个人隐私和数据安全的前提下，促进数据合规流通和开发利用。
@policy 建设人工智能高质量数据集
高质量数据集是人工智能发展的基础。我市将围绕政务、医疗、交通、教育、金融等重点领域，组织建设一批行业高质量数据集，并建设中文语料库，面向模型研发企业有序开放。
据介绍，数据集建设将统一数据标准和质量评价规范，对数据的完整性、准确性、一致性和时效性进行评估分级。同时，支持建设数据标注基地，培育专业化的数据标注企业，推动形成数据采集、清洗、标注、交易、应用的完整产业链。
@policy 公共数据授权运营试行办法解读
公共数据授权运营是指政府部门将特定的公共数据授权给具备条件的运营主体，由其在安全可控的环境中对数据进行加工处理，开发数据产品和服务，向社会提供。
根据我市试行办法，运营主体应当在统一的运营平台内开展数据加工，原始数据“不出域”，只有经过审核的数据产品才能对外提供。运营收益的一部分将用于公共数据的治理和平台的持续建设。授权运营情况定期向社会公开，接受监督。
@policy 我市设立“算力券”支持中小企业
为降低中小企业使用智能算力的成本，我市设立了“算力券”政策。符合条件的人工智能企业和科研机构，在本市算力平台上购买智能算力服务的，可以按合同金额的一定比例获得补贴，单个主体每年补贴设有上限。
申报主体需在线提交营业执照、算力服务合同和付款凭证等材料。市科技部门表示，将优先支持用于大模型训练、行业模型研发的项目。
@policy 训练数据中的个人信息保护
个人信息保护法规定，处理个人信息应当遵循合法、正当、必要和诚信原则，具有明确、合理的目的，并应当限于实现处理目的的最小范围。处理敏感个人信息，例如生物识别、医疗健康、金融账户、行踪轨迹等，需要取得个人的单独同意。
在人工智能训练数据的采集和处理过程中，开发者应当对语料中的个人信息进行识别和去标识化处理，防止模型在生成内容时泄露他人的个人信息。
@policy 数据分类分级是数据安全的基础
数据分类分级是数据安全管理的基础工作。各单位应当根据数据的重要程度，以及一旦遭到篡改、破坏、泄露或者非法获取、非法利用造成的危害程度，将数据分为核心数据、重要数据和一般数据。
对不同级别的数据，采取相应的保护措施：一般数据可以在规范管理下共享使用；重要数据需要制定目录，实行重点保护；核心数据实行更加严格的管理制度。
@policy 临江数据交易所发布年度运营情况
临江数据交易所日前发布年度运营情况：全年累计挂牌数据产品六百余个，涵盖金融、交通、气象、医疗等领域。其中，企业信用评估、交通流量预测、气象服务等产品成交较为活跃。
交易所相关负责人介绍，所有挂牌产品都要经过合规评估和质量评估，重点审查数据来源的合法性和个人信息保护情况。下一步，交易所将探索数据资产登记和数据产品定价机制。
@story 巷口的修鞋摊
巷口的修鞋摊摆了二十年。老陈每天早上七点支起那把褪了色的蓝伞，摆好小板凳、鞋楦和一盒盒钉子。
来修鞋的人越来越少了，倒是来借打气筒、借针线的邻居多起来。老陈也不在意，谁家孩子的书包带断了，他顺手就缝上，从来不收钱。
去年冬天，老陈病了一个月没出摊。等他再回来的时候，发现伞下的板凳被人擦得干干净净，上面压着一张纸条：陈师傅，大家都等你回来。
@story 末班车
夜里十一点，末班公交车上只剩下小周一个乘客。她靠着窗，看着路灯一盏一盏往后退，手机里还有没改完的方案。
车到终点站前一站，司机忽然开口：“姑娘，你这站下车吧，前面那段路黑，我看着你走进小区再开。”小周愣了一下，说了声谢谢。
她走到小区门口回头看，公交车还停在那里，车灯亮着。直到她刷卡进了门，车才慢慢开走。
@story 外婆的菜园
外婆家屋后有一块小菜园，种着青菜、豆角、黄瓜和几棵辣椒。小时候每年暑假，我都跟在外婆身后浇水、捉虫，把摘下来的黄瓜在井水里冰一冰，咬一口凉到心里。
后来外婆年纪大了，跟着舅舅搬进了城里，菜园就荒了。今年春天，我回到老屋，翻了土，撒下几把菜籽。夏天再回去的时候，篱笆上爬满了豆角藤，我摘了一篮子带给外婆，她笑得像个孩子。
@story 机器人小安
实验室里的机器人小安，每天的工作是给图书馆的旧书做扫描。它一页一页地翻，动作很轻，怕把发黄的纸弄破。
有一天，它在一本旧诗集里发现了一片压干的银杏叶，叶子旁边写着一行小字：给十年后的你。小安不知道该怎么处理这片叶子，便把它单独拍了照，标注为“未知物品”，又小心地放回原处。
第二天，管理员看到了这条记录，在后面加了一句备注：这是最珍贵的部分。
@story 雨天的伞
放学时下起了大雨，小林站在教学楼门口，看着同学们一个个被家长接走。妈妈今天加班，要很晚才能来。
一个不认识的高年级女生走过来，把手里的伞塞给她：“我家就在对面，跑两步就到了。”没等小林说话，女生已经冲进了雨里。
第二天，小林把伞洗干净晾干，在伞柄上系了一张写着“谢谢”的纸条，挂在了高年级教室的门把手上。
"""

# ---------------------------------------------------------------------------------------
# Small inline tables (no opencc, no pypinyin). Ambiguous one-to-many characters such as
# 后 面 里 干 发(髮) 只 台 系 制 复 are deliberately absent or mapped to the common form.
# ---------------------------------------------------------------------------------------
S2T_PAIRS = """
万萬 与與 专專 业業 东東 丝絲 两兩 严嚴 个個 丰豐 临臨 为為 丽麗 举舉 么麼
义義 乐樂 习習 乡鄉 书書 买買 乱亂 争爭 亏虧 亚亞 产產 亲親 亿億 仅僅 从從
仓倉 们們 价價 众眾 优優 会會 伞傘 传傳 伤傷 体體 侧側 债債 储儲 儿兒 关關
兴興 养養 内內 写寫 军軍 农農 冻凍 净淨 减減 凭憑 击擊 则則 刚剛 创創 别別
剂劑 剧劇 办辦 务務 动動 励勵 劳勞 势勢 区區 医醫 华華 协協 单單 卖賣 卫衛
却卻 厂廠 厅廳 历歷 压壓 县縣 参參 双雙 发發 变變 叶葉 号號 吗嗎 启啟 员員
响響 团團 园園 围圍 图圖 圆圓 场場 坏壞 块塊 坚堅 报報 执執 扩擴 扫掃 扰擾
护護 拥擁 择擇 挂掛 挤擠 损損 换換 据據 摄攝 摆擺 敌敵 数數 断斷 无無 旧舊
时時 显顯 晒曬 晓曉 暂暫 术術 机機 杂雜 权權 条條 来來 杨楊 极極 构構 标標
树樹 样樣 桥橋 检檢 楼樓 欢歡 残殘 毕畢 气氣 汇匯 汉漢 汤湯 沟溝 没沒 泽澤
洁潔 浅淺 测測 济濟 浓濃 涂塗 润潤 涨漲 渐漸 温溫 湾灣 湿濕 满滿 滚滾 灭滅
灯燈 灵靈 灾災 炉爐 点點 烂爛 烟煙 热熱 爱愛 爷爺 独獨 猫貓 环環 现現 电電
画畫 畅暢 疗療 盐鹽 监監 盖蓋 盘盤 码碼 础礎 确確 礼禮 离離 种種 积積 称稱
稳穩 穷窮 竞競 笔筆 筑築 签簽 简簡 类類 粮糧 紧緊 红紅 约約 级級 纪紀 纯純
纳納 纷紛 纸紙 线線 练練 组組 细細 织織 终終 绍紹 经經 结結 绕繞 给給 络絡
绝絕 统統 继繼 绩績 续續 维維 综綜 绿綠 缓緩 编編 缩縮 缴繳 网網 罗羅 职職
联聯 肃肅 肠腸 肤膚 胜勝 脑腦 脚腳 脱脫 脸臉 艺藝 节節 苏蘇 荣榮 药藥 获獲
营營 蓝藍 虑慮 虽雖 虾蝦 补補 装裝 见見 观觀 规規 视視 览覽 觉覺 订訂 认認
讨討 让讓 训訓 议議 讯訊 记記 讲講 许許 论論 设設 访訪 证證 评評 识識 诈詐
诉訴 词詞 译譯 试試 诗詩 诚誠 话話 询詢 该該 详詳 语語 误誤 说說 请請 读讀
课課 谁誰 调調 谈談 谢謝 贝貝 负負 贡貢 财財 责責 败敗 货貨 质質 贪貪 购購
贴貼 贵貴 费費 资資 赏賞 赔賠 赛賽 赵趙 赶趕 趋趨 跃躍 践踐 车車 轨軌 转轉
轮輪 软軟 轻輕 载載 较較 辅輔 辆輛 输輸 边邊 达達 迁遷 过過 运運 还還 这這
进進 远遠 违違 连連 迟遲 适適 选選 递遞 遗遺 邮郵 邻鄰 酱醬 释釋 针針 钉釘
钟鐘 钢鋼 钱錢 铁鐵 铜銅 银銀 铺鋪 链鏈 销銷 锁鎖 锅鍋 错錯 键鍵 镇鎮 长長
门門 闭閉 问問 间間 闹鬧 闻聞 阅閱 队隊 阳陽 阴陰 阶階 际際 陆陸 陈陳 险險
随隨 隐隱 难難 雾霧 静靜 页頁 顶頂 项項 顺順 须須 顾顧 预預 领領 频頻 题題
颜顏 额額 风風 飞飛 饭飯 饮飲 饺餃 馆館 驾駕 验驗 骑騎 鱼魚 鲜鮮 鸡雞 鸟鳥
麦麥 黄黃 齐齊 龄齡 龙龍 宝寶 实實 宠寵 审審 宽寬 对對 寻尋 导導 将將 尘塵
层層 属屬 岁歲 岛島 币幣 师師 带帶 帮幫 广廣 庄莊 庆慶 库庫 应應 废廢 开開
异異 张張 强強 归歸 当當 录錄 径徑 忆憶 怀懷 态態 总總 恶惡 惊驚 惯慣 愿願
战戰 户戶 担擔 拨撥 夺奪 奋奮 奖獎 妇婦 妈媽 孙孫 学學 宁寧 头頭 备備 处處
够夠 梦夢 声聲 壶壺 姜薑 葱蔥 咸鹹 厨廚 烧燒 炖燉 诊診 阔闊 烦煩 亲親 戏戲
划劃 尽盡 几幾 听聽 帐帳 账賬 驶駛 辽遼 贷貸 税稅 阵陣 涝澇 着著 剩剩 于於
国國 众眾 顿頓 鉴鑒 纤纖 蜡蠟 证證 团團 样樣 喷噴 嘱囑 萨薩 缝縫 挂掛 扑撲
计計 决決 况況 并並 筹籌 携攜 荐薦 洼窪 旷曠 蛰蟄 脉脈 荆荊 吴吳 荤葷 献獻
册冊 余餘 为為
"""

PINYIN = """
的de 是shì 在zài 和hé 有yǒu 人rén 不bù 一yī 大dà 中zhōng 市shì 民mín 年nián
时shí 可kě 以yǐ 要yào 天tiān 上shàng 下xià 水shuǐ 生shēng 家jiā 服fú 务wù
学xué 数shù 据jù 办bàn 理lǐ 出chū 开kāi 动dòng 工gōng 作zuò 安ān 全quán 心xīn
新xīn 车chē 站zhàn 路lù 山shān 花huā 茶chá 食shí 医yī 院yuàn 病bìng 孩hái
书shū 道dào 气qì 温wēn 风fēng 雨yǔ 公gōng 共gòng 信xìn 息xī 智zhì 能néng
经jīng 营yíng 城chéng 区qū 社shè 会huì 老lǎo 请qǐng 电diàn 话huà 用yòng 前qián
来lái 去qù 多duō 少shǎo 小xiǎo 好hǎo 高gāo 外wài 婆pó 我wǒ 菜cài 园yuán
鞋xié 伞sǎn 书shū 纸zhǐ 雪xuě 春chūn 夏xià 秋qiū 冬dōng 江jiāng 河hé 桥qiáo
鱼yú 肉ròu 蛋dàn 米mǐ 锅guō 火huǒ 油yóu 盐yán 糖táng 葱cōng 姜jiāng 蒜suàn
"""

ZHUYIN = """
的˙ㄉㄜ 是ㄕˋ 在ㄗㄞˋ 人ㄖㄣˊ 不ㄅㄨˋ 大ㄉㄚˋ 中ㄓㄨㄥ 天ㄊㄧㄢ 上ㄕㄤˋ
下ㄒㄧㄚˋ 水ㄕㄨㄟˇ 家ㄐㄧㄚ 学ㄒㄩㄝˊ 山ㄕㄢ 花ㄏㄨㄚ 茶ㄔㄚˊ 书ㄕㄨ 小ㄒㄧㄠˇ
好ㄏㄠˇ 多ㄉㄨㄛ 心ㄒㄧㄣ 来ㄌㄞˊ 有ㄧㄡˇ 一ㄧ 我ㄨㄛˇ 外ㄨㄞˋ 婆ㄆㄛˊ 车ㄔㄜ
老ㄌㄠˇ 子˙ㄗ 雨ㄩˇ 伞ㄙㄢˇ 菜ㄘㄞˋ 园ㄩㄢˊ 鞋ㄒㄧㄝˊ 纸ㄓˇ 年ㄋㄧㄢˊ 天ㄊㄧㄢ
"""

TYPOS = {
    "的": "地",
    "在": "再",
    "已": "以",
    "做": "作",
    "到": "道",
    "像": "象",
    "即": "既",
    "得": "的",
    "部": "步",
    "议": "意",
    "期": "其",
    "利": "力",
    "及": "急",
    "需": "须",
    "按": "安",
}

AD_LINES = (
    "加微信ljsh2025领取免费资料，名额有限，先到先得！",
    "【限时优惠】全场五折起，点击领取优惠券>>>",
    "扫码关注公众号，回复“资料”即可免费下载全套攻略",
    "点击领取新人红包，最高可得888元！！！",
    "兼职日结，手机就能做，有意者加QQ群：5566778",
    "✅正品保障 ✅包邮到家 ✅七天无理由退换",
    "本文由合作方推广，咨询热线：400-820-6688",
    "下载临江生活APP，新用户首单立减20元，戳这里→",
    "▲▲▲长按识别二维码，加入读者交流群▲▲▲",
    "广告：专业代办执照、代理记账，价格实惠，微信同号",
    "限时优惠：会员年卡仅需99元，今晚12点截止！",
    "【推广】低息贷款秒到账，点击领取额度",
)

BOILERPLATE_SITES = (
    (
        ("首页 > 新闻中心 > 正文", "发布时间：{date}  来源：临江发布  【字体：大 中 小】"),
        (
            "上一篇：{prev}",
            "下一篇：{next}",
            "责任编辑：赵明",
            "版权所有：临江市人民政府办公室  主办单位：临江市政务服务数据管理局",
            "ICP备案号：临ICP备20250001号-1  公安机关备案号：临公网安备00000000000001号",
            "返回顶部",
        ),
    ),
    (
        ("当前位置：首页 >> 资讯 >> 本地", "{date}  浏览次数：{views}"),
        (
            "免责声明：本站部分内容来源于网络，仅供参考，如有侵权请联系删除。",
            "Copyright © 2015-2025 临江生活网 All Rights Reserved",
            "关于我们 | 联系我们 | 网站地图 | 返回顶部",
        ),
    ),
    (
        ("【临江论坛】登录 | 注册 | 找回密码", "楼主  发表于 {date}  只看该作者"),
        (
            "上一篇：{prev}  下一篇：{next}",
            "回复  引用  举报  收藏",
            "版权所有 © 临江论坛  ICP备案号：临ICP备19000002号",
        ),
    ),
    (
        ("临江晚报数字版 | 第{page}版：城事", ""),
        (
            "（责任编辑：孙悦  校对：王可）",
            "版权所有：临江日报社  未经授权不得转载  免责声明：文中观点仅代表作者本人",
            "返回顶部",
        ),
    ),
)
BOILERPLATE_MARKERS = ("版权所有", "返回顶部", "ICP备", "免责声明", "上一篇", "责任编辑")

NEAR_DUP_FILLERS = (
    "记者了解到，这一做法受到了不少市民的欢迎。",
    "据了解，相关工作仍在持续推进中。",
    "不少网友在评论区表示点赞。",
    "具体情况以官方最新发布为准。",
)
NEAR_DUP_WRAPS = (
    ("转自：临江生活网", "（完）"),
    ("【转载】", "（来源：网络）"),
    ("来源：临江晚报", "编辑：小林"),
)

HTML_DEBRIS = (
    "&nbsp;",
    "&nbsp;&nbsp;",
    "&amp;",
    "&#8203;",
    "&lt;br&gt;",
    "&quot;",
    "<br>",
    "<br/>",
    "</div>",
    '<span style="font-size:14px">',
    "</span>",
    "<!-- ad -->",
    "\u200b",
    "\u200b\u200b",
    "\ufeff",
    "\u00a0",
    "\x07",
    "\x08",
    "\x1b",
    "\x7f",
)

KUNKAO = "锟斤拷"

# ---------------------------------------------------------------------------------------
# Fabricated personal data generators. All values are random; check digits are valid.
# ---------------------------------------------------------------------------------------
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋"
    "杜叶程魏吕丁沈姚卢崔钟谭陆汪金石廖贾夏傅方白邹孟熊秦邱尹薛段雷侯史陶贺顾毛郝龚邵"
)
GIVEN_NAMES = [
    "思远",
    "雨桐",
    "浩然",
    "子涵",
    "晓明",
    "嘉怡",
    "俊杰",
    "欣妍",
    "宇航",
    "梓萱",
    "文博",
    "诗琪",
    "志强",
    "婉清",
    "明轩",
    "静怡",
    "承泽",
    "若曦",
    "天佑",
    "可欣",
    "一鸣",
    "佳琪",
    "奕辰",
    "书瑶",
    "景行",
    "沐晴",
    "清扬",
    "亦舒",
    "昊天",
    "语嫣",
    "立新",
    "春华",
]
DISTRICTS = ("云溪区", "东湖区", "北塘区", "南湾区", "西岭区")
ROADS = ("梅园路", "桂香街", "解放路", "建设路", "江汉路", "枫林街", "望江大道", "青石巷", "文昌路")
EMAIL_HANDLES = ("chensy", "wangxm", "lilei", "zhaoyun", "sunny", "xiaozhou", "hmwang", "qingyang")
ID_REGIONS = ("110105", "310104", "440305", "330106", "420106", "510107", "320102", "370202")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "195",
    "198",
    "199",
]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
BUSINESSES = ("云帆科技", "江南物流", "恒信建材", "青禾农业", "数智信息", "临港贸易", "德润餐饮")


def make_id_card(rng: random.Random) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))
    body = f"{rng.choice(ID_REGIONS)}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def make_phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice(string.digits) for _ in range(8))


def make_bank_card(rng: random.Random) -> str:
    prefix = rng.choice(("6222", "6217", "6228", "6212", "6214"))
    length = rng.choice((16, 19))
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def make_uscc(rng: random.Random) -> str:
    org = "".join(rng.choice(string.digits + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org_total = sum(int(c, 36) * w for c, w in zip(org, ORG_WEIGHTS, strict=True))
    org_check = 11 - org_total % 11
    org += "X" if org_check == 10 else "0" if org_check == 11 else str(org_check)
    body = "91" + rng.choice(ID_REGIONS) + org
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=False))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def make_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def make_honorific(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(("先生", "女士"))


def make_email(rng: random.Random) -> str:
    return f"{rng.choice(EMAIL_HANDLES)}{rng.randint(1, 999)}@example.cn"


def make_address(rng: random.Random) -> str:
    return (
        f"临江市{rng.choice(DISTRICTS)}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
        f"{rng.randint(1, 20)}栋{rng.randint(1, 4)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    )


PII_MAKERS = {
    "id_card": make_id_card,
    "phone": make_phone,
    "bank_card": make_bank_card,
    "uscc": make_uscc,
    "email": make_email,
    "name": make_name,
    "hname": make_honorific,  # a surname with 先生/女士, recorded as type "name"
    "address": make_address,
}

# Templates: "{kind}" or "{kind_N}" placeholders are filled with fresh fabricated values;
# "{biz}" with a company name part and "{date}" with a date (not personal data).
PII_SUFFIXES = (
    "（联系人：{name}，联系电话：{phone}）",
    "如对本文内容有疑问，请联系{hname}，手机：{phone}，邮箱：{email}。",
    "收货信息：{hname}，{phone}，{address}",
    "投稿人：{name}，身份证号：{id_card}，稿费请汇至银行卡{bank_card}。",
    "本文作者{name}，供职于临江{biz}有限公司（统一社会信用代码：{uscc}），联系邮箱：{email}。",
    "报名请将姓名、身份证号发送至{email}，格式示例：{name}，{id_card}。",
    "我是{name}，住在{address}，情况和你一样，方便的话加我电话{phone}聊聊。",
)
PII_FORMS = (
    (
        "notice",
        "失物招领",
        "失物招领：今天下午在地铁四号线车厢内拾到钱包一个，内有身份证一张，姓名{name}，"
        "身份证号{id_card}，另有银行卡一张，卡号{bank_card}。\n请失主携带有效证件到站务室认领，"
        "或拨打{phone}联系。",
    ),
    (
        "notice",
        "企业信息公示",
        "企业名称：临江{biz}有限公司\n统一社会信用代码：{uscc}\n法定代表人：{name}\n"
        "住所：{address}\n联系电话：{phone}\n经营范围：技术服务、技术开发、技术咨询。",
    ),
    (
        "notice",
        "招聘启事",
        "临江{biz}有限公司因业务发展需要，招聘数据标注员十名、质检员两名，要求认真细致，"
        "能适应轮班。有意者请将简历发送至{email}，或联系{hname}，电话{phone}。",
    ),
    (
        "gov_service",
        "12345热线工单办理情况",
        "市民{name}（联系电话{phone}）反映：{address}附近夜间施工噪音扰民。\n经核查，"
        "施工单位未按规定办理夜间施工许可，已责令停止夜间施工，并于{date}电话回访，市民表示满意。",
    ),
    (
        "notice",
        "退款申请表",
        "退款申请\n申请人：{name}\n身份证号码：{id_card}\n收款银行卡号：{bank_card}\n"
        "申请原因：课程未开课，申请全额退款\n联系方式：{phone}",
    ),
    (
        "ecommerce",
        "个人房源出租",
        "{district}两室一厅出租，八十平米，精装修，家电齐全，押一付三，拎包入住。"
        "看房请联系房东{hname}：{phone}，微信同号，中介勿扰。",
    ),
    (
        "ecommerce",
        "快递面单",
        "【快递信息】收件人：{name_1}，电话：{phone_1}，地址：{address}。\n寄件人：{name_2}，"
        "电话：{phone_2}。物品：文件。",
    ),
    (
        "notice",
        "中标结果公告",
        "项目名称：临江市公共数据开放平台运维服务项目\n中标单位：临江{biz}有限公司"
        "（统一社会信用代码：{uscc}）\n项目联系人：{name}，联系电话：{phone}，邮箱：{email}",
    ),
    (
        "health",
        "预约挂号成功通知",
        "预约成功！就诊人：{name}，身份证号：{id_card}，已预约{date}上午呼吸内科普通号。\n"
        "请携带身份证提前三十分钟到门诊一楼取号。如需取消，请联系{phone}。",
    ),
    (
        "notice",
        "志愿者服务名单公示",
        "本周社区志愿服务名单：{name_1}、{name_2}、{name_3}、{name_4}。\n"
        "活动地点：{address}。联络人：{hname}，电话{phone}，邮箱{email}。",
    ),
    (
        "notice",
        "房屋租赁合同（摘录）",
        "出租方（甲方）：{name_1}，身份证号：{id_card_1}\n承租方（乙方）：{name_2}，"
        "身份证号：{id_card_2}\n房屋坐落：{address}\n租期一年，租金按季度支付。",
    ),
    (
        "web",
        "会员资料",
        "会员资料\n姓名：{name}\n手机：{phone}\n邮箱：{email}\n收货地址：{address}\n"
        "会员等级：黄金会员  积分：2380",
    ),
)


# ---------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------
@dataclass
class Pii:
    type: str
    value: str
    start: int
    end: int


@dataclass
class Rec:
    key: int
    title: str
    text: str
    source: str
    family: str | None
    defects: list[str] = field(default_factory=list)
    pii: list[Pii] = field(default_factory=list)
    dup_of_key: int | None = None
    url: str = ""
    sort_key: float = 0.0


@dataclass
class Base:
    index: int
    genre: str
    title: str
    text: str

    @property
    def family(self) -> str:
        return f"base-{self.index:03d}"


def parse_bases(raw: str) -> list[Base]:
    bases: list[Base] = []
    genre = title = ""
    paras: list[str] = []

    def flush() -> None:
        if genre:
            bases.append(Base(len(bases) + 1, genre, title, "\n".join(paras)))

    for line in raw.strip().splitlines():
        if line.startswith("@"):
            flush()
            genre, title = line[1:].split(" ", 1)
            paras = []
        elif line.strip():
            paras.append(line.strip())
    flush()
    for b in bases:
        if not 80 <= len(b.text) <= 600:
            raise SystemExit(f"base {b.index} {b.title!r}: {len(b.text)} chars, want 80-600")
    return bases


def parse_pairs(raw: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for token in raw.split():
        key, value = token[0], token[1:]
        if table.get(key, value) != value:
            raise SystemExit(f"conflicting mapping for {key}")
        table[key] = value
    return table


S2T = {k: v for k, v in parse_pairs(S2T_PAIRS).items() if k != v}
TRAD_ONLY = frozenset(S2T.values()) - frozenset(S2T)
PINYIN_MAP = parse_pairs(PINYIN)
ZHUYIN_MAP = parse_pairs(ZHUYIN)


def render(template: str, rng: random.Random) -> tuple[str, list[Pii]]:
    """Fill a template's placeholders, returning text and exact PII spans."""
    out: list[str] = []
    spans: list[Pii] = []
    pos = 0
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        out.append(literal)
        pos += len(literal)
        if name is None:
            continue
        kind = name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1].isdigit() else name
        if kind == "biz":
            value = rng.choice(BUSINESSES)
        elif kind == "date":
            value = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        elif kind == "district":
            value = "临江市" + rng.choice(DISTRICTS)
        else:
            value = PII_MAKERS[kind](rng)
            spans.append(Pii("name" if kind == "hname" else kind, value, pos, pos + len(value)))
        out.append(value)
        pos += len(value)
    return "".join(out), spans


# ---------------------------------------------------------------------------------------
# Defect injectors. Each edits rec in place and keeps PII offsets exact.
# ---------------------------------------------------------------------------------------
def insert(rec: Rec, pos: int, s: str) -> None:
    for p in rec.pii:
        if p.start < pos < p.end:
            raise AssertionError("insertion inside a PII span")
        if p.start >= pos:
            p.start += len(s)
            p.end += len(s)
    rec.text = rec.text[:pos] + s + rec.text[pos:]


def line_starts(rec: Rec) -> list[int]:
    return [0] + [i + 1 for i, c in enumerate(rec.text) if c == "\n"]


def free_positions(rec: Rec) -> list[int]:
    return [
        i
        for i in range(1, len(rec.text))
        if not any(p.start < i < p.end for p in rec.pii) and rec.text[i - 1] != "\n"
    ]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？\n])", text) if s]


def add_ad(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    for ad in rng.sample(AD_LINES, rng.randint(1, 3)):
        starts = line_starts(rec)
        if rng.random() < 0.25:
            insert(rec, len(rec.text), "\n" + ad)
        else:
            insert(rec, rng.choice(starts), ad + "\n")


def add_boilerplate(rng: random.Random, rec: Rec, ctx: Ctx) -> None:
    header, footer = rng.choice(BOILERPLATE_SITES)
    fill = {
        "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "views": str(rng.randint(30, 9000)),
        "page": f"{rng.randint(1, 16):02d}",
        "prev": rng.choice(ctx.titles),
        "next": rng.choice(ctx.titles),
    }
    head = "\n".join(h.format(**fill) for h in header if h)
    insert(rec, 0, head + "\n")
    insert(rec, len(rec.text), "\n" + "\n".join(f.format(**fill) for f in footer))


def add_html(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    if rng.random() < 0.4:
        for pos in reversed(line_starts(rec)):
            end = rec.text.find("\n", pos)
            insert(rec, len(rec.text) if end < 0 else end, "</p>")
            insert(rec, pos, "<p>")
    if rng.random() < 0.3:
        insert(rec, 0, "\ufeff")
    positions = free_positions(rec)
    for pos in sorted(rng.sample(positions, min(len(positions), rng.randint(5, 10))), reverse=True):
        insert(rec, pos, rng.choice(HTML_DEBRIS))


def add_kunkao(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    assert not rec.pii
    for _ in range(rng.randint(1, 3)):
        start = rng.randrange(0, len(rec.text) - 6)
        length = rng.randint(1, 4)
        if "\n" in rec.text[start : start + length]:
            continue
        rec.text = rec.text[:start] + KUNKAO * rng.randint(1, 4) + rec.text[start + length :]
    if KUNKAO not in rec.text:
        rec.text = KUNKAO * 2 + rec.text


def add_gloss(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    assert not rec.pii
    table = ZHUYIN_MAP if rng.random() < 0.25 else PINYIN_MAP
    left, right = ("(", ")") if rng.random() < 0.6 else ("（", "）")
    dense_until = rng.randint(30, 70)
    out: list[str] = []
    glossed = 0
    for i, ch in enumerate(rec.text):
        out.append(ch)
        if ch in table and (i < dense_until or rng.random() < 0.08):
            out.append(f"{left}{table[ch]}{right}")
            glossed += 1
    assert glossed >= 3, rec.title
    rec.text = "".join(out)


def to_traditional(s: str) -> str:
    return "".join(S2T.get(c, c) for c in s)


def add_traditional(_rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    assert not rec.pii
    rec.text = to_traditional(rec.text)
    rec.title = to_traditional(rec.title)


def sloppy_cp1252(b: bytes) -> str:
    out: list[str] = []
    for byte in b:
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def add_mojibake_gbk(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    assert not rec.pii
    cut = 0 if rng.random() < 0.7 else rec.text.find("\n") + 1
    body = rec.text[cut:].encode("utf-8").decode("gbk", errors="replace")
    rec.text = rec.text[:cut] + body
    if cut == 0 and rng.random() < 0.5:
        rec.title = rec.title.encode("utf-8").decode("gbk", errors="replace")


def add_mojibake_latin1(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    assert not rec.pii
    data = rec.text.encode("utf-8")
    rec.text = sloppy_cp1252(data) if rng.random() < 0.6 else data.decode("latin-1")
    if rng.random() < 0.5:
        rec.title = sloppy_cp1252(rec.title.encode("utf-8"))


def add_near_dup(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    assert not rec.pii
    original = rec.text
    ops = ["punct", "insert", "typo", "wrap"]
    if len(sentences(rec.text)) >= 4:
        ops.append("delete")
    for op in rng.sample(ops, 2):
        text = rec.text
        if op == "punct":
            start = rng.randrange(0, max(1, len(text) * 2 // 3))
            end = start + len(text) // 3
            half = str.maketrans("，。：；！？（）", ",.:;!?()")
            rec.text = text[:start] + text[start:end].translate(half) + text[end:]
        elif op == "insert":
            ends = [m.end() for m in re.finditer("。", text)]
            pos = rng.choice(ends) if ends else len(text)
            rec.text = text[:pos] + rng.choice(NEAR_DUP_FILLERS) + text[pos:]
        elif op == "typo":
            candidates = [i for i, c in enumerate(text) if c in TYPOS]
            chars = list(text)
            for i in rng.sample(candidates, min(len(candidates), rng.randint(2, 3))):
                chars[i] = TYPOS[chars[i]]
            rec.text = "".join(chars)
        elif op == "wrap":
            head, foot = rng.choice(NEAR_DUP_WRAPS)
            rec.text = f"{head}\n{text}\n{foot}"
        else:
            parts = sentences(text)
            del parts[rng.randrange(1, len(parts))]
            rec.text = "".join(parts).strip("\n")
    if rec.text == original:
        rec.text = f"{NEAR_DUP_WRAPS[0][0]}\n{rec.text}"
    if rng.random() < 0.5:
        rec.title = rng.choice(("【转】", "转：", "")) + rec.title + rng.choice(("（转）", ""))


def add_pii(rng: random.Random, rec: Rec, _ctx: Ctx) -> None:
    suffix, spans = render(rng.choice(PII_SUFFIXES), rng)
    starts = line_starts(rec)
    if rng.random() < 0.6 or len(starts) < 2:
        offset = len(rec.text) + 1
        rec.text = rec.text + "\n" + suffix
    else:
        offset = rng.choice(starts[1:])
        rec.text = rec.text[:offset] + suffix + "\n" + rec.text[offset:]
    for p in spans:
        rec.pii.append(Pii(p.type, p.value, p.start + offset, p.end + offset))
    rec.pii.sort(key=lambda p: p.start)


@dataclass
class Ctx:
    titles: list[str]


INJECTORS = {
    "pii": add_pii,
    "near_dup": add_near_dup,
    "pinyin_gloss": add_gloss,
    "traditional": add_traditional,
    "ad": add_ad,
    "boilerplate": add_boilerplate,
    "garbled_kunkao": add_kunkao,
    "html_debris": add_html,
    "mojibake_gbk": add_mojibake_gbk,
    "mojibake_latin1": add_mojibake_latin1,
}
APPLY_ORDER = tuple(INJECTORS)

# (defect kinds, how many records). Kinds are applied in APPLY_ORDER.
PLANS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("near_dup",), 15),
    (("ad",), 15),
    (("boilerplate",), 14),
    (("traditional",), 12),
    (("mojibake_gbk",), 12),
    (("mojibake_latin1",), 12),
    (("garbled_kunkao",), 10),
    (("pinyin_gloss",), 11),
    (("html_debris",), 12),
    (("pii",), 14),
    (("ad", "boilerplate"), 4),
    (("boilerplate", "html_debris"), 3),
    (("near_dup", "ad"), 3),
    (("near_dup", "boilerplate"), 2),
    (("traditional", "ad"), 2),
    (("pii", "boilerplate"), 3),
    (("pii", "ad"), 2),
    (("garbled_kunkao", "html_debris"), 2),
    (("pinyin_gloss", "html_debris"), 1),
)
EXACT_DUPS_OF_CLEAN = 11
EXACT_DUPS_OF_DEFECTIVE = ("ad", "boilerplate", "html_debris")


def low_quality_texts(rng: random.Random) -> list[tuple[str, str, str]]:
    """(source, title, text) of standalone low-quality pages."""

    def spam(words: list[str], n: int) -> str:
        return rng.choice((" ", "，", "|")).join(rng.choice(words) for _ in range(n))

    return [
        ("forum_qa", "回复", "顶"),
        ("forum_qa", "回复", "沙发！"),
        ("forum_qa", "回复", "同问+1"),
        ("comment", "评论", "好评"),
        ("comment", "评论", "已阅"),
        ("comment", "评论", "谢谢分享"),
        ("comment", "评论", "666666"),
        ("web", "提示", "该内容已被删除"),
        ("forum_qa", "哈哈", "哈" * 120),
        ("comment", "评论", "好" * 40 + "！！！！！！"),
        ("forum_qa", "支持楼主", "\n".join(["支持楼主！"] * 30)),
        ("forum_qa", "打卡", "\n".join(f"第{i}天打卡" for i in range(1, 41))),
        (
            "ecommerce",
            "临江租房",
            spam(["临江租房", "临江租房中介", "临江租房便宜", "临江短租"], 60),
        ),
        ("ecommerce", "减肥茶", spam(["减肥茶", "快速减肥", "减肥产品排行", "瘦身茶", "刮油"], 50)),
        ("ecommerce", "二手车", spam(["二手车", "二手车报价", "二手车交易市场", "临江二手车"], 55)),
        ("ecommerce", "注册公司", spam(["代办执照", "代理记账", "注册公司", "临江注册公司"], 45)),
        (
            "web",
            "数据",
            "\n".join(
                f"2025-06-{d:02d} | {rng.uniform(0, 99):.2f} | {rng.uniform(0, 99):.2f} | 0.00"
                for d in range(1, 21)
            ),
        ),
        ("comment", "评分", " ".join(rng.choice(("★★★★★", "★★★★☆", "★★★☆☆")) for _ in range(30))),
        ("web", "分隔", "=" * 40 + "\n" + "-" * 40 + "\n" + "*" * 40 + "\n" + ">>>>>>>>>>"),
        ("web", "分页", "首页 上一页 1 2 3 4 5 6 7 8 9 10 … 56 下一页 末页 共56页 跳转到 第 页 GO"),
        (
            "web",
            "Welcome",
            "Welcome to our website! We provide the best service for every customer. "
            "Click here to learn more about our products and special offers. Contact us "
            "today for a free quote. Our team is available 24 hours a day, 7 days a week.",
        ),
        (
            "web",
            "404 Not Found",
            "404 Not Found. The page you requested could not be found on this server. "
            "Please check the address or go back to the home page. nginx",
        ),
        (
            "web",
            "Linjiang Open Data",
            "Linjiang Open Data Portal - Home | Datasets | APIs | Apps | News | About | "
            "Login | Register | 数据开放 | Terms of Use | Privacy | Sitemap | © 2025",
        ),
        (
            "weather",
            "天気予報",
            "本日は晴れ、最高気温は二十八度の予報です。午後からは雲が広がり、夕方には所により"
            "雨が降るでしょう。お出かけの際は傘をお持ちください。",
        ),
        (
            "ecommerce",
            "新メニューのご案内",
            "当店の新メニューのご案内です。季節の野菜を使ったカレーと、手作りのデザートを"
            "ご用意しております。皆様のご来店を心よりお待ちしております。",
        ),
        ("web", "测试", "asdfasdf 测试 test 123 测试测试 qwerty 1111 aaaa"),
        ("web", "验证码", "请输入验证码\n验证码错误\n请重新输入\n请输入验证码"),
        ("web", "提示", "您的浏览器版本过低，请升级浏览器后访问本站。"),
    ]


SECTIONS = {
    "gov_service": "zwfw",
    "city_news": "news",
    "weather": "qx",
    "transport": "jt",
    "education": "jy",
    "health": "jk",
    "tech_news": "tech",
    "product_review": "review",
    "recipe": "food",
    "travel": "travel",
    "forum_qa": "bbs",
    "encyclopedia": "baike",
    "policy": "zc",
    "story": "story",
    "notice": "gg",
    "ecommerce": "shop",
    "comment": "comment",
    "web": "www",
}


def build(rng: random.Random) -> list[Rec]:
    bases = parse_bases(BASE_TEXTS)
    ctx = Ctx(titles=[b.title for b in bases])
    recs: list[Rec] = []

    def new(title: str, text: str, source: str, family: str | None) -> Rec:
        rec = Rec(len(recs), title, text, source, family, sort_key=rng.random())
        recs.append(rec)
        return rec

    clean_of: dict[int, Rec] = {}
    for b in bases:
        clean_of[b.index] = new(b.title, b.text, b.genre, b.family)

    def cycler(ok: Callable[[Base], bool]) -> list[Base]:
        pool = [b for b in bases if ok(b)]
        rng.shuffle(pool)
        return pool

    pools: dict[str, list[Base]] = {}

    def pick(kinds: tuple[str, ...]) -> Base:
        key = "+".join(kinds)
        if not pools.get(key):

            def ok(b: Base) -> bool:
                if "near_dup" in kinds and len(sentences(b.text)) < 3:
                    return False
                if "traditional" in kinds:
                    changed = sum(c in S2T for c in b.text)
                    return "繁体" not in b.text and changed >= 0.15 * len(b.text)
                return True

            pools[key] = cycler(ok)
        return pools[key].pop()

    for kinds, count in PLANS:
        for _ in range(count):
            b = pick(kinds)
            rec = new(b.title, b.text, b.genre, b.family)
            for kind in APPLY_ORDER:
                if kind in kinds:
                    INJECTORS[kind](rng, rec, ctx)
                    rec.defects.append(kind)
            if "near_dup" in kinds:
                target = clean_of[b.index]
                rec.dup_of_key = target.key
                rec.sort_key = target.sort_key + (1 - target.sort_key) * rng.uniform(0.05, 0.99)

    for source, title, template in PII_FORMS + PII_FORMS[:4]:
        text, spans = render(template, rng)
        rec = new(title, text, source, None)
        rec.pii = spans
        rec.defects.append("pii")
        if rng.random() < 0.2:
            add_boilerplate(rng, rec, ctx)
            rec.defects.append("boilerplate")

    for source, title, text in low_quality_texts(rng):
        new(title, text, source, None).defects.append("low_quality")

    def duplicate(target: Rec) -> None:
        rec = new(target.title, target.text, target.source, target.family)
        rec.defects = ["exact_dup", *target.defects]
        rec.pii = [Pii(p.type, p.value, p.start, p.end) for p in target.pii]
        rec.dup_of_key = target.key
        rec.sort_key = target.sort_key + (1 - target.sort_key) * rng.uniform(0.05, 0.99)
        if rng.random() < 0.3:
            rec.title = target.title + rng.choice(("_临江生活网", " - 手机版", "（转载）"))

    for target in rng.sample(sorted(clean_of.values(), key=lambda r: r.key), EXACT_DUPS_OF_CLEAN):
        duplicate(target)
    for kind in EXACT_DUPS_OF_DEFECTIVE:
        duplicate(rng.choice([r for r in recs if r.defects == [kind]]))

    recs.sort(key=lambda r: r.sort_key)
    used: set[int] = set()
    for rec in recs:
        n = rng.randint(10000, 99999)
        while n in used:
            n += 1
        used.add(n)
        section = SECTIONS[rec.source]
        if "exact_dup" in rec.defects or "near_dup" in rec.defects:
            rec.url = f"https://example.cn/m/{section}/{n}.html?from=share"
        elif rec.source == "forum_qa":
            rec.url = f"https://example.cn/bbs/thread-{n}-1-1.html"
        else:
            rec.url = f"https://example.cn/{section}/2025{rng.randint(1, 12):02d}/t{n}.html"
    return recs


def to_json(recs: list[Rec]) -> list[dict[str, object]]:
    ids = {rec.key: f"doc-{i:04d}" for i, rec in enumerate(recs, 1)}
    return [
        {
            "id": ids[rec.key],
            "title": rec.title,
            "text": rec.text,
            "url": rec.url,
            "source": rec.source,
            "defects": rec.defects,
            "dup_of": None if rec.dup_of_key is None else ids[rec.dup_of_key],
            "family": rec.family,
            "pii": [vars(p) for p in rec.pii],
        }
        for rec in recs
    ]


def dump_line(obj: dict[str, object]) -> str:
    line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    # Keep one record per line even for readers that use str.splitlines().
    for ch in ("\x85", "\u2028", "\u2029"):
        line = line.replace(ch, f"\\u{ord(ch):04x}")
    return line


INIT_PY = '''"""The bundled sample of raw Chinese documents (demo and tests).

A few hundred documents written by the jingshu team, carrying the defects real crawls have;
each record says which (``defects``, ``dup_of``, ``pii``). See README.md in this folder.
Generated by ``scripts/make_sample.py``; do not edit by hand.
"""

from pathlib import Path

__all__ = ["SAMPLE_PATH"]

SAMPLE_PATH: Path = Path(__file__).parent / "raw_zh.jsonl"
'''


# ---------------------------------------------------------------------------------------
# Self-check: independent validators, written differently from the generators above.
# ---------------------------------------------------------------------------------------
def valid_id_card(s: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    try:
        date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    # ISO 7064 MOD 11-2 over all 18 characters (X = 10) must leave 1.
    total = sum((10 if c == "X" else int(c)) * pow(2, 17 - i, 11) for i, c in enumerate(s))
    return total % 11 == 1


def valid_luhn(s: str) -> bool:
    if not re.fullmatch(r"62\d{14}|62\d{17}", s):
        return False
    digits = [int(c) for c in s]
    odd = digits[-1::-2]
    even = [sum(divmod(2 * d, 10)) for d in digits[-2::-2]]
    return (sum(odd) + sum(even)) % 10 == 0


def valid_phone(s: str) -> bool:
    return bool(re.fullmatch(r"1(3\d|5[0-35-9]|8\d|9[1-35-9])\d{8}", s))


def valid_uscc(s: str) -> bool:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if len(s) != 18 or any(c not in alphabet for c in s):
        return False
    total = sum(alphabet.index(c) * pow(3, i, 31) for i, c in enumerate(s[:17]))
    if alphabet[-total % 31] != s[17]:
        return False
    org = s[8:17]  # the embedded GB 11714 organization code
    vals = [int(c, 36) for c in org[:8]]
    check = -sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return org[8] == ("0123456789X"[check] if check else "0")


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "id_card": valid_id_card,
    "bank_card": valid_luhn,
    "phone": valid_phone,
    "uscc": valid_uscc,
    "email": lambda s: bool(re.fullmatch(r"[a-z]+\d+@example\.cn", s)),
    "name": lambda s: bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}(先生|女士)?", s)),
    "address": lambda s: s.startswith("临江市") and s.endswith("室"),
}
PII_SCANS = (
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    re.compile(r"(?<![\dA-Z])\d{17}[\dX](?![\dA-Z])"),
    re.compile(r"(?<!\d)62\d{14,17}(?!\d)"),
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+"),
    re.compile(r"(?<![0-9A-Z])9[0-9A-Z]{17}(?![0-9A-Z])"),
)
DETECTORS: dict[str, Callable[[str], bool]] = {
    "ad": lambda t: any(a in t for a in AD_LINES),
    "boilerplate": lambda t: any(m in t for m in BOILERPLATE_MARKERS),
    "garbled_kunkao": lambda t: KUNKAO in t,
    "html_debris": lambda t: bool(
        re.search(r"&(nbsp|amp|lt|quot|#\d+);|</?[a-z]+[^>]*>|<!--|[\u200b\ufeff\u00a0]", t)
        or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", t)
    ),
    "pinyin_gloss": lambda t: bool(
        re.search(r"[\u4e00-\u9fff][(（]([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]|[˙ㄅ-ㄩ])", t)
    ),
    "traditional": lambda t: sum(c in TRAD_ONLY for c in t) >= 8,
    "mojibake_latin1": lambda t: bool(re.search(r"[\u00c0-\u00ff][\u0080-\u00bf\u0152-\u2122]", t)),
}


def verify(path: Path) -> Counter[str]:
    raw = path.read_bytes().decode("utf-8")
    lines = raw.split("\n")
    assert lines[-1] == "", "file must end with a newline"
    lines = lines[:-1]
    assert len(raw.splitlines()) == len(lines), "a record contains a line-breaking character"
    records = [json.loads(line) for line in lines]
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records), "duplicate ids"
    assert len({r["url"] for r in records}) == len(records), "duplicate urls"
    counts: Counter[str] = Counter()
    for i, r in enumerate(records, 1):
        assert tuple(r) == FIELDS, r["id"]
        assert r["id"] == f"doc-{i:04d}"
        assert r["url"].startswith("https://example.cn/")
        assert set(r["defects"]) <= set(DEFECT_KINDS), r["defects"]
        assert len(set(r["defects"])) == len(r["defects"])
        counts.update(r["defects"])
        counts["clean" if not r["defects"] else "defective"] += 1
        if len(r["defects"]) >= 2:
            counts["combined (2+ kinds)"] += 1
        text = r["text"]
        is_dup = "exact_dup" in r["defects"] or "near_dup" in r["defects"]
        assert (r["dup_of"] is not None) == is_dup, r["id"]
        if is_dup:
            target = by_id[r["dup_of"]]
            assert target["dup_of"] is None and int(target["id"][4:]) < i, r["id"]
            assert target["family"] == r["family"]
            assert (text == target["text"]) == ("exact_dup" in r["defects"]), r["id"]
        assert bool(r["pii"]) == ("pii" in r["defects"]), r["id"]
        for p in r["pii"]:
            assert p["type"] in PII_TYPES
            assert text[p["start"] : p["end"]] == p["value"], (r["id"], p)
            assert VALIDATORS[p["type"]](p["value"]), (r["id"], p)
        for scan in PII_SCANS:
            for m in scan.finditer(text):
                assert any(p["start"] <= m.start() and m.end() <= p["end"] for p in r["pii"]), (
                    r["id"],
                    m.group(),
                )
        for kind, detect in DETECTORS.items():
            if kind in r["defects"]:
                assert detect(text), (r["id"], kind)
            if not r["defects"]:
                assert not detect(text), (r["id"], kind)
        if "low_quality" in r["defects"]:
            assert r["family"] is None
    total = len(records)
    assert 280 <= total <= 400, total
    assert 0.30 <= counts["clean"] / total <= 0.40, counts["clean"] / total
    for kind in DEFECT_KINDS:
        assert counts[kind] >= 10, (kind, counts[kind])
    counts["total"] = total
    return counts


def main() -> int:
    rng = random.Random(SEED)
    recs = build(rng)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with OUT_JSONL.open("w", encoding="utf-8", newline="\n") as f:
        for obj in to_json(recs):
            f.write(dump_line(obj) + "\n")
    OUT_INIT.write_text(INIT_PY, encoding="utf-8")
    counts = verify(OUT_JSONL)
    size = OUT_JSONL.stat().st_size
    print(f"wrote {OUT_JSONL.relative_to(ROOT)}: {counts['total']} records, {size} bytes")
    print("| defect | records |\n|---|---:|")
    for kind in (*DEFECT_KINDS, "combined (2+ kinds)", "clean", "total"):
        print(f"| {kind} | {counts[kind]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
