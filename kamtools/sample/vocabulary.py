"""The vocabulary of the sample book: regions, managers, approvers, products, names and shares."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._common import _take

#: Sales regions of the sample book.
REGIONS: tuple[str, ...] = ("East", "North", "South", "West", "Central")
_REGION_P = np.array([0.30, 0.20, 0.25, 0.10, 0.15])

#: Account managers; manager ``k`` works in region ``REGIONS[k % 5]``.
ACCOUNT_MANAGERS: tuple[str, ...] = (
    "王伟",
    "李娜",
    "张敏",
    "刘洋",
    "陈静",
    "David Chen",
    "Anna Schmidt",
    "杨帆",
    "赵磊",
    "Michael Wong",
    "黄丽",
    "周杰",
    "Sarah Li",
    "吴芳",
    "徐强",
    "孙涛",
    "Peter Müller",
    "胡明",
    "朱艳",
    "Linda Zhao",
)

#: Approval levels of credit limits, lowest first, with the largest change each may approve.
APPROVERS: tuple[str, ...] = ("account manager", "direct-sales manager", "regional manager", "credit committee")
_APPROVAL_CEILINGS = np.array([50_000.0, 200_000.0, 1_000_000.0])

_INDUSTRIES = np.array(
    [
        "Machinery",
        "Electronics",
        "Automotive parts",
        "Construction",
        "Chemicals",
        "Food processing",
        "Textiles",
        "Wholesale distribution",
        "Energy",
        "Medical devices",
    ],
    dtype=object,
)
_INDUSTRY_P = np.array([0.18, 0.14, 0.13, 0.10, 0.08, 0.08, 0.06, 0.12, 0.06, 0.05])

_PRODUCTS = ("Bearings", "Hydraulics", "Fasteners", "Motors", "Sensors", "Tooling", "Lubricants", "Spare parts")
_PRODUCT_W = np.array([0.40, 0.20, 0.12, 0.09, 0.07, 0.05, 0.04, 0.03])

# Purchases by month of the year: Chinese New Year dip in January/February, year-end peak.
_SEASON = np.array([0.80, 0.62, 0.98, 1.02, 1.00, 1.04, 0.95, 0.93, 1.05, 1.00, 1.12, 1.38])

_ACTIVITY_TYPES = ("visit", "call", "event", "greeting", "training", "complaint")
_ACTIVITY_P = np.array([0.28, 0.38, 0.06, 0.12, 0.06, 0.10])
_ACTIVITY_HOURS = np.array([2.0, 0.5, 4.0, 0.5, 3.0, 1.5])  # median hours by type

_ROLES = (
    "purchasing manager",
    "general manager",
    "finance manager",
    "technical manager",
    "warehouse manager",
    "owner",
    "engineer",
)
#: Why an analyst overrode the scorecard (the sample's credit_overrides), and the grades given.
#: Why analysts override: reasons for a better grade or a higher limit than the model's, and
#: for a worse grade or a lower limit (the sample picks a reason that fits the decision).
_OVERRIDE_REASONS_UP = (
    "parent company guarantee received",
    "母公司提供担保",
    "strategic account: credit committee decision",
    "已收抵押物，额度按抵押调整",
    "large project order confirmed by contract",
)
_OVERRIDE_REASONS_DOWN = (
    "payment record worse than the score suggests",
    "付款记录差于评分，下调等级",
    "new audited statements due next month: limit held low until then",
    "行业下行，额度审慎控制",
)
#: The reasons that rest on collateral or a guarantee (the sample records its value with most of them).
_OVERRIDE_REASONS_SECURED = ("parent company guarantee received", "母公司提供担保", "已收抵押物，额度按抵押调整")
_OVERRIDE_GRADES = ("A", "BBB", "BB", "B", "C")

_PROMISE_NOTES = (
    "phone call with finance",
    "电话催收，答应按期付款",
    "email reminder answered",
    "上门拜访，财务确认",
    "payment awaiting approval by the owner",
    "资金紧张，先付部分",
    "promised at the quarterly review",
    "对账后付款",
)

_EN_PREFIX = (
    "Apex",
    "Summit",
    "Pioneer",
    "Northstar",
    "Bluewater",
    "Redwood",
    "Silverline",
    "Goldfield",
    "Evergreen",
    "Pacific",
    "Atlas",
    "Orion",
    "Keystone",
    "Harbor",
    "Crown",
    "Falcon",
    "Liberty",
    "Meridian",
    "Sterling",
    "Vertex",
    "Union",
    "Westbrook",
    "Eastgate",
    "Highland",
    "Riverside",
    "Lakeside",
    "Prime",
    "Allied",
    "Delta",
    "Titan",
)
_EN_CORE = (
    "Precision",
    "Machinery",
    "Tools",
    "Electric",
    "Automation",
    "Hydraulics",
    "Plastics",
    "Metals",
    "Components",
    "Engineering",
    "Packaging",
    "Logistics",
    "Systems",
    "Instruments",
    "Materials",
    "Motors",
    "Fasteners",
    "Industrial Supply",
    "Controls",
    "Fabrication",
)
_EN_SUFFIX = ("Ltd", "Co., Ltd.", "Inc.", "GmbH", "Industries", "Group", "Trading Co.", "LLC", "Corp.", "& Sons")
_ZH_CITY = {  # by region, in the order of REGIONS
    "East": ("华东", "上海", "苏州", "无锡", "宁波", "杭州", "南京", "常州"),
    "North": ("华北", "北京", "天津", "青岛", "济南", "石家庄", "大连"),
    "South": ("华南", "深圳", "广州", "东莞", "佛山", "厦门", "珠海"),
    "West": ("西南", "成都", "重庆", "西安", "昆明", "兰州"),
    "Central": ("华中", "武汉", "长沙", "郑州", "合肥", "南昌"),
}
_ZH_CITY_FLAT = tuple(city for region in REGIONS for city in _ZH_CITY[region])
_ZH_CITY_SIZES = np.array([len(_ZH_CITY[region]) for region in REGIONS])
_ZH_CITY_START = np.cumsum(_ZH_CITY_SIZES) - _ZH_CITY_SIZES
_ZH_BRAND = (
    "",
    "",
    "",
    "宏达",
    "鑫源",
    "恒通",
    "华美",
    "永盛",
    "金泰",
    "瑞丰",
    "博远",
    "天成",
    "利达",
    "新华",
    "中联",
    "正泰",
    "安捷",
    "汇丰",
    "盛世",
    "凯瑞",
    "德胜",
    "远航",
    "精工",
    "同创",
    "万通",
    "佳禾",
    "嘉诚",
    "兴业",
    "弘毅",
    "卓越",
    "明阳",
    "信达",
    "立新",
)
_ZH_CORE = (
    "精密机械",
    "电子科技",
    "五金制品",
    "自动化设备",
    "液压机械",
    "电气",
    "模具",
    "化工",
    "包装材料",
    "汽车零部件",
    "塑胶制品",
    "金属材料",
    "工业设备",
    "仪器仪表",
    "机电",
    "建材",
    "纺织机械",
    "食品机械",
    "轴承",
    "环保设备",
)
_ZH_SUFFIX = ("有限公司", "有限公司", "股份有限公司", "制造有限公司", "实业有限公司", "贸易有限公司", "工业有限公司")
_ZH_SURNAME = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
    "何",
    "郭",
    "马",
    "罗",
)
_ZH_GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "平",
    "建国",
    "志强",
    "晓东",
    "海燕",
)
_EN_FIRST = (
    "James",
    "Mary",
    "John",
    "Linda",
    "Michael",
    "Sarah",
    "David",
    "Emma",
    "Robert",
    "Anna",
    "Thomas",
    "Laura",
    "Peter",
    "Julia",
    "Mark",
    "Sophie",
    "Daniel",
    "Olivia",
    "Paul",
    "Grace",
)
_EN_LAST = (
    "Smith",
    "Miller",
    "Brown",
    "Wilson",
    "Taylor",
    "Clark",
    "Walker",
    "Young",
    "King",
    "Wright",
    "Green",
    "Baker",
    "Hill",
    "Adams",
    "Nelson",
    "Carter",
    "Schmidt",
    "Müller",
    "Rossi",
    "Martin",
)

# Customer trajectories and their shares of the book.
_NEVER, _LOST, _SILENT, _DEBTOR, _NEW, _GROWING, _DECLINING, _STABLE = range(8)
_TRAJECTORY_P = np.array([0.04, 0.08, 0.06, 0.02, 0.10, 0.20, 0.15, 0.35])

_SIZE_MEDIAN = 150_000.0  # median yearly purchases of a customer
_SIZE_SIGMA = 1.5  # lognormal spread of customer size (gives ~75 % revenue from the top 20 %)


def _company_names(rng: np.random.Generator, region: np.ndarray, chinese: np.ndarray) -> pa.Array:
    """English-style and Chinese company names (华东精密机械有限公司), vectorized."""
    n = len(region)
    en = pc.binary_join_element_wise(
        _take(_EN_PREFIX, rng.integers(0, len(_EN_PREFIX), n)),
        _take(_EN_CORE, rng.integers(0, len(_EN_CORE), n)),
        _take(_EN_SUFFIX, rng.integers(0, len(_EN_SUFFIX), n)),
        " ",
    )
    sizes = _ZH_CITY_SIZES[region]
    city = _take(
        _ZH_CITY_FLAT, _ZH_CITY_START[region] + np.minimum((rng.random(n) * sizes).astype(np.int64), sizes - 1)
    )
    zh = pc.binary_join_element_wise(
        city,
        _take(_ZH_BRAND, rng.integers(0, len(_ZH_BRAND), n)),
        _take(_ZH_CORE, rng.integers(0, len(_ZH_CORE), n)),
        _take(_ZH_SUFFIX, rng.integers(0, len(_ZH_SUFFIX), n)),
        "",
    )
    return pc.if_else(pa.array(chinese), zh, en)


def _person_names(rng: np.random.Generator, chinese: np.ndarray) -> pa.Array:
    n = len(chinese)
    zh = pc.binary_join_element_wise(
        _take(_ZH_SURNAME, rng.integers(0, len(_ZH_SURNAME), n)),
        _take(_ZH_GIVEN, rng.integers(0, len(_ZH_GIVEN), n)),
        "",
    )
    en = pc.binary_join_element_wise(
        _take(_EN_FIRST, rng.integers(0, len(_EN_FIRST), n)), _take(_EN_LAST, rng.integers(0, len(_EN_LAST), n)), " "
    )
    return pc.if_else(pa.array(chinese), zh, en)


def _managers_for(rng: np.random.Generator, region: np.ndarray, n_managers: int) -> np.ndarray:
    """Index of an account manager working in each row's region."""
    per_region = (n_managers - np.arange(len(REGIONS)) + len(REGIONS) - 1) // len(REGIONS)
    slot = np.floor(rng.random(len(region)) * per_region[region]).astype(np.int64)
    return region + len(REGIONS) * slot


def _approver(change: np.ndarray) -> np.ndarray:
    """Approval level (index into APPROVERS) for a change of limit of this size."""
    return np.searchsorted(_APPROVAL_CEILINGS, np.abs(change), side="left")
