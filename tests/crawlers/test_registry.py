"""The sources registry: the bundled example loads; a bad file is refused with a clear Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crawlers.registry import DEFAULT_REGISTRY, RegistryError, load_registry

GOOD = {
    "code": "test", "name": "测试县",
    "office": {"name": "测试县政务公开办", "alert_recipients": ["gkb@test.example.cn"]},
    "agencies": [{"code": "t-gov", "name": "测试县人民政府", "level": "县级", "deadline_kind": "government",
                  "cms": "plain", "entry": "http://127.0.0.1:8765/test/nb/list.html"}],
}


def _write(tmp_path: Path, data: object, name: str = "test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data,
                    encoding="utf-8")
    return path


def _agency(**changes: object) -> dict:
    return {**GOOD, "agencies": [{**GOOD["agencies"][0], **changes}]}


def test_bundled_registry_covers_three_jurisdictions_and_every_cms_family() -> None:
    jurisdictions = load_registry(DEFAULT_REGISTRY)
    assert len(jurisdictions) >= 3
    assert {a.cms for j in jurisdictions for a in j.agencies} == {"plain", "trs_wcm", "hanweb"}
    records = [r for j in jurisdictions for r in j.agency_records()]
    assert all(r.parent_jurisdiction and r.office for r in records)
    only = load_registry(DEFAULT_REGISTRY, jurisdiction="nanhu", base_url="http://127.0.0.1:9/")
    assert [j.name for j in only] == ["南湖市"]
    assert all(a.entry.startswith("http://127.0.0.1:9/nanhu/") for a in only[0].agencies)


@pytest.mark.parametrize(("data", "words"), [
    (_agency(cms="wordpress"), ["agencies 第 1 项（t-gov）的 cms", "'wordpress'", "plain、trs_wcm、hanweb"]),
    (_agency(deadline_kind="soon"), ["deadline_kind", "department、government"]),
    ({**GOOD, "agencies": [{k: v for k, v in GOOD["agencies"][0].items() if k != "entry"}]},
     ["agencies 第 1 项（t-gov）的 entry：缺少必填项"]),
    (_agency(homepage="http://x"), ["homepage：是登记表不认识的项"]),
    (_agency(code="东江 局"), ["code", "只能由字母、数字"]),
    ({**GOOD, "office": {"name": "公开办", "alert_recipients": ["nobody"]}},
     ["office 的 alert_recipients", "告警收件人 'nobody' 不是电子邮件地址"]),
    ({**GOOD, "agencies": GOOD["agencies"] * 2}, ["机构编码 t-gov 重复"]),
    ({**GOOD, "agencies": []}, ["agencies：至少应有 1 项"]),
    (_agency(entry="/relative/list.html"), ["t-gov", "栏目入口", "不是完整网址"]),
    ("agencies: [unclosed", ["不是有效的 UTF-8 YAML 文件"]),
    ("- just\n- a list\n", ["应为键值结构"]),
])
def test_bad_registry_is_refused_with_a_chinese_message(tmp_path: Path, data: object, words: list[str]) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    message = str(error.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message
    for english in ("Input should", "Field required", "Extra inputs", "validation error", "String should"):
        assert english not in message


def test_duplicate_codes_across_files_and_unknown_jurisdiction(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, {**GOOD, "code": "other", "name": "另一县"}, "b.yaml")
    with pytest.raises(RegistryError, match="机构编码 t-gov 同时出现在 测试县 和 另一县"):
        load_registry(tmp_path)
    with pytest.raises(RegistryError, match="没有辖区 nowhere"):
        load_registry(tmp_path / "a.yaml", jurisdiction="nowhere")
    with pytest.raises(RegistryError, match="无法读取登记表"):
        load_registry(tmp_path / "missing.yaml")


SHARED = {**GOOD, "columns": [{"code": "t-nb", "name": "测试县年报专栏", "cms": "hanweb",
                               "entry": "/test/col/col1/index.html"}],
          "base_url": "http://127.0.0.1:8765",
          "agencies": [*GOOD["agencies"],
                       {"code": "t-jyj", "name": "测试县教育局", "level": "县级部门", "deadline_kind": "department",
                        "column": "t-nb"},
                       {"code": "t-hzq", "name": "测试县洪泽镇人民政府", "aliases": ["洪泽镇人民政府"], "level": "乡镇",
                        "deadline_kind": "government", "column": "t-nb"}]}


def test_a_shared_column_is_read_once_for_all_its_agencies(tmp_path: Path) -> None:
    [jurisdiction] = load_registry(_write(tmp_path, SHARED))
    plans = {plan.key: plan for plan in jurisdiction.column_plans()}
    assert {key: (plan.agencies, plan.shared) for key, plan in plans.items()} == {
        "t-gov": (("t-gov",), False), "t-nb": (("t-jyj", "t-hzq"), True)}
    assert plans["t-nb"].entry == "http://127.0.0.1:8765/test/col/col1/index.html"
    # Each agency of the column carries the column's entry and family (site health, politeness checks).
    assert {(a.entry, a.cms) for a in jurisdiction.agencies if a.column} == {(plans["t-nb"].entry, "hanweb")}
    records = {r.code: r.aliases for r in jurisdiction.agency_records()}
    assert records["t-hzq"] == ("洪泽镇人民政府",)


@pytest.mark.parametrize(("name", "code"), [
    ("测试县教育局", "t-jyj"), ("《测试县教育局》", "t-jyj"),
    ("洪泽镇人民政府", "t-hzq"),  # an alias
    ("教育局", "t-jyj"),  # the name without the jurisdiction's
    ("测试县", "t-gov"),  # a place alone is its government
    ("测试县档案馆", None), ("卫生健康委员会", None),
])
def test_a_report_is_matched_to_its_agency_by_name_or_alias(tmp_path: Path, name: str, code: str | None) -> None:
    [jurisdiction] = load_registry(_write(tmp_path, SHARED))
    found = jurisdiction.agency_named(name)
    assert (found.code if found else None) == code


_MEMBER = {"code": "t-jyj", "name": "测试县教育局", "level": "县级部门", "deadline_kind": "department"}


@pytest.mark.parametrize(("member", "words"), [
    ({**_MEMBER, "column": "t-none"}, ["共用栏目 t-none 不在 columns 中"]),
    ({**_MEMBER, "column": "t-nb", "cms": "plain"}, ["t-jyj", "不应再写 entry 和 cms"]),
    ({**_MEMBER, "cms": "plain"}, ["第 2 项（t-jyj）的 entry：缺少必填项"]),
])
def test_bad_shared_column_entries_are_refused(tmp_path: Path, member: dict, words: list[str]) -> None:
    with pytest.raises(RegistryError) as error:
        load_registry(_write(tmp_path, {**SHARED, "agencies": [SHARED["agencies"][0], member]}))
    for word in words:
        assert word in str(error.value)
