"""Synthetic but realistic residents for the demo (`manage.py seed_demo`).

Residents are generated household by household, so that family members share an address,
a surname and plausible ages, and children follow their parents' household registration.
Everything is drawn from the `random.Random` passed in and from a fixed reference date, never
from the clock, so the same seed gives the same residents on every machine and every day.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from django.core.exceptions import ValidationError
from stdnum import numdb
from stdnum.cn import ric

from residents.common.id_numbers import county_codes, make_id_number, random_id_number
from residents.common.validation import normalise_phone
from residents.models import (
    Channel,
    HukouType,
    IdentityDocument,
    RegistrationStatus,
    ResidenceType,
)

# Ages, move-in dates and "minor or not" are computed against this day, not today.
REFERENCE_DATE = datetime.date(2025, 6, 30)
EARLIEST_BIRTH = datetime.date(1935, 1, 1)
LATEST_BIRTH = datetime.date(2024, 12, 31)

# The community the demo centre serves: a real district, a made-up housing estate.
CITY = "北京市"
DISTRICT = "东城区"
STREET_OFFICE = "和平里街道"
ESTATE = "幸福小区"
LOCAL_AREA_CODE = "110101"  # 北京市东城区
LOCAL_HUKOU = CITY + DISTRICT
LANDLINE_PREFIXES = ("6421", "6422", "6427", "8422", "8411")

# Share of each workflow state among demo residents (the rest are verified).
STATUS_SHARES = (
    (RegistrationStatus.SUBMITTED, 0.08),
    (RegistrationStatus.DRAFT, 0.04),
    (RegistrationStatus.RETURNED, 0.03),
)

# Common surnames with their approximate share of the population (per cent).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1),
    ("赵", 2.3), ("黄", 2.2), ("周", 1.9), ("吴", 1.9), ("徐", 1.5), ("孙", 1.5),
    ("胡", 1.3), ("朱", 1.3), ("高", 1.3), ("林", 1.2), ("何", 1.2), ("郭", 1.2),
    ("马", 1.1), ("罗", 0.9), ("梁", 0.8), ("宋", 0.8), ("郑", 0.8), ("谢", 0.7),
    ("韩", 0.7), ("唐", 0.6), ("冯", 0.6), ("于", 0.6), ("董", 0.6), ("萧", 0.1),
    ("程", 0.5), ("曹", 0.5), ("袁", 0.5), ("邓", 0.5), ("许", 0.5), ("傅", 0.4),
    ("沈", 0.4), ("曾", 0.4), ("彭", 0.4), ("吕", 0.4), ("苏", 0.4), ("卢", 0.4),
    ("蒋", 0.4), ("蔡", 0.4), ("贾", 0.3), ("丁", 0.3), ("魏", 0.3), ("薛", 0.3),
    ("叶", 0.3), ("阎", 0.3), ("余", 0.3), ("潘", 0.3), ("杜", 0.3), ("戴", 0.3),
    ("夏", 0.3), ("钟", 0.3), ("汪", 0.3), ("田", 0.3), ("任", 0.3), ("姜", 0.3),
    ("范", 0.3), ("方", 0.3), ("石", 0.3), ("姚", 0.3), ("谭", 0.2), ("廖", 0.2),
    ("邹", 0.2), ("熊", 0.2), ("金", 0.2), ("陆", 0.2), ("郝", 0.2), ("孔", 0.2),
    ("白", 0.2), ("崔", 0.2), ("康", 0.2), ("毛", 0.2), ("邱", 0.2), ("秦", 0.2),
    ("江", 0.2), ("史", 0.2), ("顾", 0.2), ("侯", 0.2), ("邵", 0.2), ("孟", 0.2),
    ("龙", 0.2), ("万", 0.2), ("段", 0.2), ("雷", 0.2), ("钱", 0.2), ("汤", 0.2),
    ("尹", 0.1), ("黎", 0.1), ("易", 0.1), ("常", 0.1), ("武", 0.1), ("乔", 0.1),
    ("贺", 0.1), ("赖", 0.1), ("龚", 0.1), ("文", 0.1), ("欧阳", 0.03), ("司马", 0.01),
)
_SURNAME_CHOICES = tuple(name for name, _share in SURNAMES)
_SURNAME_CUM_WEIGHTS = tuple(accumulate(share for _name, share in SURNAMES))


@dataclass(frozen=True)
class _NamePool:
    """Given-name habits of one generation: whole popular names and characters to combine."""

    male_names: tuple[str, ...]
    female_names: tuple[str, ...]
    male_chars: str
    female_chars: str
    single_char_share: float  # how often the given name is one character


# Naming fashions changed a lot across the decades the demo spans.
_NAME_POOLS: tuple[tuple[int, _NamePool], ...] = (
    (
        1960,  # born before 1960
        _NamePool(
            male_names=("建国", "国庆", "建华", "志强", "德福", "长春", "振华", "国华", "宝山",
                        "福林", "文明", "庆祥", "树林", "玉林", "德胜", "永福", "跃进"),
            female_names=("秀英", "桂兰", "秀兰", "淑珍", "玉兰", "凤英", "桂英", "秀珍",
                          "玉珍", "淑芳", "秀云", "桂芳", "凤兰", "素珍", "玉梅", "淑兰"),
            male_chars="建国华明德志文福贵忠军林山海庆生祥荣振永树春宝和平",
            female_chars="秀英兰珍芳桂凤玉淑华梅琴云霞荣翠素月香",
            single_char_share=0.2,
        ),
    ),
    (
        1980,  # born 1960–1979
        _NamePool(
            male_names=("建军", "志刚", "海涛", "卫东", "建平", "国强", "红军", "建伟",
                        "立新", "晓东", "卫国", "永刚", "振宇", "文军"),
            female_names=("丽华", "红梅", "丽娟", "海燕", "晓红", "春梅", "雪梅", "秀芳",
                          "丽萍", "晓燕", "红霞", "美玲", "亚萍", "卫红"),
            male_chars="伟勇军强磊斌涛刚杰波辉健峰宏平东亮鹏忠",
            female_chars="丽静敏燕艳娟霞红梅玲萍芳琳慧颖蓉莉华英",
            single_char_share=0.5,
        ),
    ),
    (
        2000,  # born 1980–1999
        _NamePool(
            male_names=("浩然", "晨阳", "子豪", "明辉", "俊杰", "鹏飞", "天宇", "思远",
                        "家豪", "志伟", "宇航", "博文", "文博", "嘉伟"),
            female_names=("雪莹", "佳琪", "思琪", "晓雪", "雨婷", "梦瑶", "静怡", "欣然",
                          "佳慧", "丹阳", "婷婷", "晶晶", "璐璐", "倩倩"),
            male_chars="磊鹏浩超杰鑫宇帅伟强博阳龙飞凯健俊晨昊旭",
            female_chars="婷静丹雪琳倩晶洁颖璐佳欣莹蕾娜媛婧慧露瑶",
            single_char_share=0.45,
        ),
    ),
    (
        9999,  # born 2000 and later
        _NamePool(
            male_names=("浩宇", "子轩", "梓豪", "宇轩", "一鸣", "睿泽", "俊熙", "沐宸",
                        "子墨", "奕辰", "梓睿", "浩轩", "皓轩", "铭泽"),
            female_names=("欣怡", "梓涵", "诗涵", "子涵", "一诺", "雨桐", "可馨", "梓萱",
                          "语桐", "若汐", "思彤", "沐瑶", "欣妍", "佳怡"),
            male_chars="子浩宇轩睿泽梓俊博辰铭锦皓航宸沐逸然诚",
            female_chars="子欣怡涵萱梓诗雨思可语若悦佳芷彤琪诺汐",
            single_char_share=0.12,
        ),
    ),
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
)

SERVICE_NEEDS_ELDERLY = (
    "需要上门送餐服务",
    "独居老人，希望社区定期上门探访",
    "申请居家养老助浴服务",
    "行动不便，需要租借轮椅",
    "希望参加社区老年大学书法班",
    "咨询高龄津贴申领办法",
    "需要陪同就医服务",
    "咨询医保报销政策",
    "希望安装紧急呼叫设备",
    "咨询养老服务驿站日间照料",
    "需要代办慢性病长期处方",
)
SERVICE_NEEDS_ADULT = (
    "咨询医保报销政策",
    "咨询灵活就业人员社保缴纳",
    "需要就业指导和技能培训信息",
    "咨询公租房申请条件",
    "咨询居住证办理流程",
    "咨询子女入学政策",
    "咨询生育津贴申领流程",
    "希望参加社区志愿服务",
    "咨询残疾人证年审",
)
SERVICE_NEEDS_CHILD = (
    "需要课后托管服务",
    "咨询少儿医保参保",
    "咨询疫苗接种安排",
    "希望参加暑期社区活动",
)
REMARKS_ELDERLY = (
    "由子女陪同办理",
    "本人行动不便，由家属代为办理",
    "独居，紧急联系人为其子女",
)
REMARKS_ADULT = (
    "已加入社区志愿者服务队",
    "退役军人",
    "党员，组织关系已转入社区党委",
)
REMARKS_TENANT = (
    "租住，租赁合同已在社区备案",
    "租住，预计居住一年以上",
)
REMARKS_OTHER_RESIDENCE = (
    "借住亲属家中",
    "单位宿舍",
)
RETURN_REASONS = (
    "户籍地址与户口簿不一致，请核对后重新提交",
    "身份证信息页不清晰，请重新核验原件",
    "现住址缺少门牌号，请补充完整",
    "联系电话无法接通，请与居民核实",
    "居住类型与房屋租赁合同不符，请核实",
    "迁入时间早于出生日期，请核对户口簿",
)

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass
class _Person:
    gender: str
    birth_date: datetime.date
    surname: str
    area: str | None = None  # area code of the ID number, None for any
    id_number: str = ""
    name: str = ""
    # For children registered where a parent is: the parent whose ID area they share.
    follows: _Person | None = None

    def age(self) -> int:
        born = self.birth_date
        before_birthday = (REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day)
        return REFERENCE_DATE.year - born.year - before_birthday


@dataclass
class _Household:
    residence_type: str
    address: str
    living_since: datetime.date
    local_hukou: bool
    members: list[_Person]


# --- places ------------------------------------------------------------------------------


def _current_name(raw: str) -> str:
    """'[1983-1994]东矿区,[1995-]古冶区' → '古冶区' (today's name, without the years)."""
    last = raw.split(",")[-1]
    return last.split("]", 1)[1] if last.startswith("[") else last


@cache
def place_of_area(code: str) -> str:
    """Household-registration place of an area code: '130102' → '河北省石家庄市长安区'."""
    table = numdb.get("cn/loc")
    parts = {k: v for _part, props in table.info(code) for k, v in props.items()}
    province = parts.get("province", "")
    county = _current_name(parts.get("county", ""))
    prefecture = ""
    if province not in _MUNICIPALITIES and code[2:4] != "00":
        found = {k: v for _p, props in table.info(code[:4] + "00") for k, v in props.items()}
        prefecture = _current_name(found.get("county", ""))
        if prefecture in ("市辖区", "县") or "直辖" in prefecture:
            prefecture = ""
    if county in ("市辖区", "县", prefecture):
        county = ""
    return province + prefecture + county


# Where people who moved to Beijing mostly come from (province code prefix, weight).
_HOME_PROVINCES = (
    ("13", 20), ("41", 12), ("37", 11), ("23", 7), ("14", 6), ("21", 6), ("22", 4),
    ("15", 5), ("34", 5), ("42", 5), ("51", 5), ("12", 4), ("32", 4), ("43", 3),
    ("36", 3), ("61", 3), ("33", 2), ("44", 2), ("35", 2), ("62", 2),
)


@cache
def _area_codes_of(province: str) -> tuple[str, ...]:
    return tuple(code for code in county_codes() if code.startswith(province))


def _home_area(rng: random.Random) -> str | None:
    """Area code of somebody born outside Beijing; None leaves it to `random_id_number`."""
    if rng.random() < 0.25:
        return None  # anywhere in the country
    provinces, weights = zip(*_HOME_PROVINCES, strict=True)
    return rng.choice(_area_codes_of(rng.choices(provinces, weights=weights)[0]))


# --- small draws -------------------------------------------------------------------------


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _birth_in_years(rng: random.Random, first: int, last: int) -> datetime.date:
    start = max(datetime.date(first, 1, 1), EARLIEST_BIRTH)
    end = min(datetime.date(last, 12, 31), LATEST_BIRTH)
    return _date_between(rng, start, end)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _surname(rng: random.Random) -> str:
    return rng.choices(_SURNAME_CHOICES, cum_weights=_SURNAME_CUM_WEIGHTS)[0]


def _other_surname(rng: random.Random, avoid: str) -> str:
    while True:
        surname = _surname(rng)
        if surname != avoid:
            return surname


def _given_name(rng: random.Random, gender: str, birth_year: int) -> str:
    pool = next(pool for before, pool in _NAME_POOLS if birth_year < before)
    male = gender == "M"
    if rng.random() < 0.45:
        return rng.choice(pool.male_names if male else pool.female_names)
    chars = pool.male_chars if male else pool.female_chars
    if rng.random() < pool.single_char_share:
        return rng.choice(chars)
    first, second = rng.sample(chars, 2)
    return first + second


def _mobile(rng: random.Random) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        try:
            return normalise_phone(number)
        except ValidationError:
            continue


def _landline(rng: random.Random) -> str:
    while True:
        number = f"010-{rng.choice(LANDLINE_PREFIXES)}{rng.randrange(10**4):04d}"
        try:
            return normalise_phone(number)
        except ValidationError:
            continue


def _id_number(rng: random.Random, person: _Person, taken: set[str]) -> str:
    """A valid, unused ID number, in the person's area when one is set."""
    for _attempt in range(50):
        if person.area:
            number = make_id_number(
                area=person.area,
                birth_date=person.birth_date,
                sequence=rng.randrange(1000),
                gender=person.gender,
            )
            if not ric.is_valid(number):
                person.area = None  # the area did not exist yet in the birth year
                continue
        else:
            number = random_id_number(rng, birth_date=person.birth_date, gender=person.gender)
        if number not in taken:
            taken.add(number)
            return number
    raise RuntimeError("could not draw an unused ID number")  # pragma: no cover


# --- households --------------------------------------------------------------------------


def _children(rng: random.Random, mother: _Person, surname: str, how_many: int) -> list[_Person]:
    children = []
    earliest = mother.birth_date.year + 22
    latest = mother.birth_date.year + 38
    for _ in range(how_many):
        if earliest > latest:
            break
        year = rng.randint(earliest, latest)
        if year > LATEST_BIRTH.year:
            break
        gender = rng.choice("MF")
        children.append(_Person(gender, _birth_in_years(rng, year, year), surname))
        earliest = year + 2
    return children


def _couple(rng: random.Random, first: int, last: int) -> tuple[_Person, _Person]:
    husband = _Person("M", _birth_in_years(rng, first, last), _surname(rng))
    wife_year = husband.birth_date.year + max(-3, min(8, round(rng.gauss(2, 2.5))))
    wife = _Person("F", _birth_in_years(rng, wife_year, wife_year), "")
    wife.surname = _other_surname(rng, husband.surname)
    return husband, wife


def _members(rng: random.Random, kind: str) -> list[_Person]:
    if kind == "elderly_single":
        gender = "F" if rng.random() < 0.7 else "M"  # most who live alone are widows
        return [_Person(gender, _birth_in_years(rng, 1935, 1955), _surname(rng))]
    if kind == "elderly_couple":
        return list(_couple(rng, 1936, 1960))
    if kind == "family":
        husband, wife = _couple(rng, 1965, 1993)
        kids = rng.choices((0, 1, 2), weights=(15, 55, 30))[0]
        return [husband, wife, *_children(rng, wife, husband.surname, kids)]
    if kind == "three_generations":
        husband, wife = _couple(rng, 1970, 1992)
        children = _children(rng, wife, husband.surname, rng.choice((1, 1, 2)))
        grandparents = []
        parent_year = husband.birth_date.year - rng.randint(24, 32)
        grandfather = _Person("M", _birth_in_years(rng, parent_year, parent_year),
                              husband.surname)
        grandmother = _Person("F", _birth_in_years(rng, parent_year + 1, parent_year + 4),
                              _other_surname(rng, husband.surname))
        if rng.random() < 0.6:
            grandparents.append(grandfather)
        grandparents.append(grandmother)
        return [husband, wife, *children, *grandparents]
    if kind == "young_single":
        return [_Person(rng.choice("MF"), _birth_in_years(rng, 1990, 2003), _surname(rng))]
    if kind == "young_couple":
        husband, wife = _couple(rng, 1988, 2000)
        kids = 1 if rng.random() < 0.35 else 0
        return [husband, wife, *_children(rng, wife, husband.surname, kids)]
    # single parent
    parent = _Person("F" if rng.random() < 0.8 else "M", _birth_in_years(rng, 1975, 1992),
                     _surname(rng))
    if parent.gender == "F":
        return [parent, *_children(rng, parent, parent.surname, 1)]
    partner = _Person("F", parent.birth_date, "")
    return [parent, *_children(rng, partner, parent.surname, 1)]


_HOUSEHOLD_KINDS = (
    "elderly_single", "elderly_couple", "family", "three_generations",
    "young_single", "young_couple", "single_parent",
)
_HOUSEHOLD_WEIGHTS = (10, 14, 32, 12, 12, 12, 5)


def _address(rng: random.Random, used: set[str]) -> str:
    while True:
        building = rng.randint(1, 16)
        # Buildings 1–12 are six-storey walk-ups, 13–16 eighteen-storey towers.
        floor = rng.randint(1, 6 if building <= 12 else 18)
        unit = rng.randint(1, 4 if building <= 12 else 2)
        flat = f"{building}号楼{unit}单元{floor}{rng.randint(1, 4):02d}室"
        if flat not in used:
            used.add(flat)
            return f"{CITY}{DISTRICT}{STREET_OFFICE} {ESTATE} {flat}"


def _household(rng: random.Random, used_addresses: set[str]) -> _Household:
    kind = rng.choices(_HOUSEHOLD_KINDS, weights=_HOUSEHOLD_WEIGHTS)[0]
    members = _members(rng, kind)
    adults = [m for m in members if m.age() >= 18] or members
    if kind in ("young_single", "young_couple"):
        residence = rng.choices(
            (ResidenceType.RENTED, ResidenceType.OWN, ResidenceType.OTHER), weights=(75, 18, 7)
        )[0]
    else:
        residence = rng.choices(
            (ResidenceType.OWN, ResidenceType.RENTED, ResidenceType.OTHER), weights=(80, 17, 3)
        )[0]
    youngest_adult = max(m.birth_date for m in adults)
    if residence == ResidenceType.OWN:
        earliest = max(datetime.date(1982, 1, 1), _years_after(youngest_adult, 22))
    else:
        earliest = max(datetime.date(2016, 1, 1), _years_after(youngest_adult, 18))
    living_since = _date_between(rng, earliest, REFERENCE_DATE)
    local = rng.random() < (0.8 if residence == ResidenceType.OWN else 0.15)
    return _Household(residence, _address(rng, used_addresses), living_since, local, members)


def _assign_areas(rng: random.Random, household: _Household) -> None:
    """Where each member's ID number was issued, consistent with the household registration."""
    members = household.members
    parents = [m for m in members if m.age() >= 18 and m.birth_date.year >= 1960] or members
    head = parents[0]
    for person in members:
        is_child = person.age() < 18 or (person is not head and person.surname == head.surname
                                         and person.birth_date > head.birth_date)
        if is_child and household.local_hukou and person.birth_date >= household.living_since:
            person.area = LOCAL_AREA_CODE  # born here
        elif is_child:
            person.follows = head  # children are first registered where a parent is
        elif household.local_hukou and rng.random() < 0.5:
            # A Beijinger by birth, most of them from this district.
            local = rng.random() < 0.6
            person.area = LOCAL_AREA_CODE if local else rng.choice(_area_codes_of("11"))
        else:
            person.area = _home_area(rng)


# --- residents ---------------------------------------------------------------------------


def _registration(rng: random.Random, household: _Household, person: _Person) -> dict:
    age = person.age()
    born_local = person.id_number.startswith(LOCAL_AREA_CODE)
    if household.local_hukou:
        hukou = LOCAL_HUKOU
        moved_in = None
        if not born_local and age < 18:
            moved_in = max(household.living_since, person.birth_date)  # moved with the family
        elif not born_local:
            moved_in = _date_between(
                rng,
                max(_years_after(person.birth_date, 18), datetime.date(1978, 1, 1)),
                REFERENCE_DATE,
            )
    else:
        hukou = place_of_area(person.id_number[:6])
        moved_in = None

    phone = ""
    if age >= 70:
        kind = rng.choices(("mobile", "landline", "none"), weights=(55, 30, 15))[0]
        if kind == "mobile":
            phone = _mobile(rng)
        elif kind == "landline":
            phone = _landline(rng)
    elif age >= 18:
        phone = _mobile(rng) if rng.random() < 0.97 else ""
    # Minors have no phone of their own: the parents' numbers are on their records.

    if age >= 60:
        needs, share = SERVICE_NEEDS_ELDERLY, 0.5
    elif age >= 18:
        needs, share = SERVICE_NEEDS_ADULT, 0.18
    else:
        needs, share = SERVICE_NEEDS_CHILD, 0.12
    service_needs = rng.choice(needs) if rng.random() < share else ""

    remarks = ""
    if household.residence_type == ResidenceType.OTHER and age >= 18:
        remarks = rng.choice(REMARKS_OTHER_RESIDENCE)
    elif rng.random() < 0.1:
        if age >= 75:
            remarks = rng.choice(REMARKS_ELDERLY)
        elif household.residence_type == ResidenceType.RENTED:
            remarks = rng.choice(REMARKS_TENANT)
        elif age >= 25:
            remarks = rng.choice(REMARKS_ADULT)

    if age < 16:
        documents = [IdentityDocument.HOUSEHOLD_BOOKLET.value]  # no ID card yet
    else:
        documents = [IdentityDocument.ID_CARD.value]
        if rng.random() < (0.35 if household.local_hukou else 0.1):
            documents.append(IdentityDocument.HOUSEHOLD_BOOKLET.value)

    consent = rng.random() < 0.92
    if not consent:  # without consent the optional fields are not kept (PRI-1)
        phone = service_needs = remarks = ""

    return {
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "id_number": person.id_number,
        "hukou_location": hukou,
        "hukou_moved_in_on": moved_in,
        "address": household.address,
        "residence_type": household.residence_type,
        "living_since": max(household.living_since, person.birth_date),
        "phone": phone,
        "service_needs": service_needs,
        "remarks": remarks,
        "documents_checked": documents,
        "consent_optional": consent,
        **_classification(household, person),
    }


def _classification(household: _Household, person) -> dict:
    """Registration type and floating population, derived without drawing from the generator."""
    living_since = max(household.living_since, person.birth_date)
    # Recent tenants registered elsewhere are the floating population (流动人口).
    floating = (
        not household.local_hukou
        and household.residence_type == ResidenceType.RENTED
        and living_since >= datetime.date(2022, 1, 1)
    )
    return {
        "hukou_type": HukouType.REGISTERED if household.local_hukou else HukouType.NON_REGISTERED,
        "area": ESTATE,
        "is_floating": floating,
        "floating_arrived_on": living_since if floating else None,
        "floating_expected_until": _years_after(living_since, 3) if floating else None,
    }


def _status(rng: random.Random) -> str:
    draw = rng.random()
    for status, share in STATUS_SHARES:
        if draw < share:
            return status
        draw -= share
    return RegistrationStatus.VERIFIED


def demo_residents(rng: random.Random, count: int) -> list[dict]:
    """`count` demo residents, household by household, in registration order.

    Each item has `data` (keyword data for `services.registration_create`), `channel`,
    `status` (the workflow state to bring it to) and `return_reason` (for returned ones).
    The first n items do not depend on `count`, so a larger count only adds residents.
    """
    residents: list[dict] = []
    taken: set[str] = set()
    addresses: set[str] = set()
    while len(residents) < count:
        household = _household(rng, addresses)
        _assign_areas(rng, household)
        for person in household.members:
            if person.area is None and person.follows is not None:
                person.area = person.follows.area
            person.id_number = _id_number(rng, person, taken)
            person.area = person.id_number[:6]
            person.name = person.surname + _given_name(rng, person.gender, person.birth_date.year)
            status = _status(rng)
            elderly = person.age() >= 75
            residents.append(
                {
                    "data": _registration(rng, household, person),
                    "channel": Channel.VISIT if elderly and rng.random() < 0.4 else Channel.WINDOW,
                    "status": status,
                    "return_reason": (
                        rng.choice(RETURN_REASONS)
                        if status == RegistrationStatus.RETURNED
                        else ""
                    ),
                }
            )
            if len(residents) == count:
                break
    return residents

