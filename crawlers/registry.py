"""The sources registry: which agencies a jurisdiction has and where each lists its annual reports.

One YAML file per jurisdiction (``crawlers/sources/<jurisdiction>.yaml``) names the 公开办 and its alert
recipients and, for every agency, its code, name, level, deadline kind, the entry page of its annual
report column and the CMS family serving it. Files are validated on load; a problem becomes a
:class:`RegistryError` with a one-line Chinese message naming the file and the entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from nianbao.warehouse.documents import AgencyRecord

CmsFamily = Literal["plain", "trs_wcm", "hanweb"]
DEFAULT_REGISTRY = Path(__file__).resolve().parent / "sources"


class RegistryError(ValueError):
    """The registry cannot be used; the message is for 公开办 staff."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


RobotPlatform = Literal["wecom", "dingtalk", "feishu"]
_REFERENCE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Robot(_Strict):
    """A group robot (企业微信, 钉钉, 飞书) the digests also go to. ``url`` and ``secret`` are the NAMES of
    environment variables or Airflow connections holding the webhook URL and signing secret."""

    platform: RobotPlatform
    url: str = Field(min_length=1)
    secret: str | None = None

    @field_validator("url", "secret")
    @classmethod
    def _names(cls, value: str | None) -> str | None:
        if value is not None and not _REFERENCE.fullmatch(value):
            raise ValueError(f"{value!r} 应为保存网址或密钥的环境变量（或 Airflow 连接）的名称，"
                             "网址和密钥不得写进登记表")
        return value


class Office(_Strict):
    name: str = Field(min_length=1)
    alert_recipients: list[str] = Field(min_length=1)
    robots: list[Robot] = Field(default_factory=list)

    @field_validator("alert_recipients")
    @classmethod
    def _emails(cls, recipients: list[str]) -> list[str]:
        for recipient in recipients:
            if "@" not in recipient:
                raise ValueError(f"告警收件人 {recipient!r} 不是电子邮件地址")
        return recipients


class RegistryAgency(_Strict):
    """One agency and the column where it publishes its annual reports."""

    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=2)
    level: str = Field(min_length=1)
    deadline_kind: Literal["department", "government"]
    entry: str = Field(min_length=1)
    cms: CmsFamily
    extra_hosts: list[str] = Field(default_factory=list)

    @property
    def hosts(self) -> set[str]:
        return {urlsplit(self.entry).hostname or "", *self.extra_hosts}


class Jurisdiction(_Strict):
    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=2)
    office: Office
    base_url: str | None = None
    agencies: list[RegistryAgency] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> Jurisdiction:
        seen: set[str] = set()
        for agency in self.agencies:
            if agency.code in seen:
                raise ValueError(f"机构编码 {agency.code} 重复")
            seen.add(agency.code)
        return self

    def agency_records(self) -> list[AgencyRecord]:
        """The registry entries in the warehouse's form, for ``sync_agencies``."""
        return [
            AgencyRecord(code=a.code, name=a.name, level=a.level, parent_jurisdiction=self.name,
                         office=self.office.name, deadline_kind=a.deadline_kind)
            for a in self.agencies
        ]


_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "是登记表不认识的项（拼写有误？）",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值结构",
    "model_type": "应为键值结构",
    "model_attributes_type": "应为键值结构",
}
_MAX_PROBLEMS = 5


def _problem(error: ErrorDetails) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        choices = "、".join(part.strip(" '") for part in re.split(r",| or ", str(context.get("expected", ""))))
        return f"取值 {error['input']!r} 无效，应为 {choices} 之一"
    if kind == "string_too_short":
        return "不能为空" if context.get("min_length") == 1 else f"至少应有 {context.get('min_length')} 个字"
    if kind == "too_short":
        return f"至少应有 {context.get('min_length')} 项"
    if kind == "string_pattern_mismatch":
        return f"取值 {error['input']!r} 无效，只能由字母、数字和 _ . - 组成"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return f"取值无效（{error['msg']}）"


def _where(location: tuple[int | str, ...], data: object) -> str:
    """``agencies.2.cms`` as 「agencies 第 3 项（dj-czj）的 cms」, walking ``data`` to name the entry."""
    where = ""
    for part in location:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
            code = data.get("code") if isinstance(data, dict) else None
            where += f" 第 {part + 1} 项" + (f"（{code}）" if code else "")
        else:
            data = data.get(part) if isinstance(data, dict) else None
            where += ("" if not where else "的 " if where.endswith(("项", "）")) else " 的 ") + part
    return where or "（顶层）"


def _describe(error: ValidationError, data: object) -> str:
    problems = [f"{_where(e['loc'], data)}：{_problem(e)}" for e in error.errors()]
    more = len(problems) - _MAX_PROBLEMS
    return "；".join(problems[:_MAX_PROBLEMS]) + (f"；另有 {more} 处问题" if more > 0 else "")


def _absolute(jurisdiction: Jurisdiction, base_url: str | None, origin: Path) -> Jurisdiction:
    """Entry pages made absolute against ``base_url`` (argument first, then the file's own)."""
    base = base_url or jurisdiction.base_url
    agencies = []
    for agency in jurisdiction.agencies:
        entry = urljoin(base, agency.entry) if base else agency.entry
        if urlsplit(entry).scheme not in ("http", "https") or not urlsplit(entry).hostname:
            raise RegistryError(f"登记表 {origin}：机构 {agency.code} 的栏目入口 {agency.entry!r} 不是完整网址")
        agencies.append(agency.model_copy(update={"entry": entry}))
    return jurisdiction.model_copy(update={"agencies": agencies, "base_url": base})


def load_jurisdiction(path: Path, base_url: str | None = None) -> Jurisdiction:
    """Load and validate one registry file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"无法读取登记表 {path}：文件不存在") from exc
    except OSError as exc:
        raise RegistryError(f"无法读取登记表 {path}：{exc.strerror or exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RegistryError(f"登记表 {path} 不是有效的 UTF-8 YAML 文件") from exc
    if not isinstance(data, dict):
        raise RegistryError(f"登记表 {path} 应为键值结构（jurisdiction 的各项设置）")
    try:
        jurisdiction = Jurisdiction.model_validate(data)
    except ValidationError as exc:
        raise RegistryError(f"登记表 {path} 有误：{_describe(exc, data)}") from exc
    return _absolute(jurisdiction, base_url, path)


def load_registry(path: Path = DEFAULT_REGISTRY, *, jurisdiction: str | None = None,
                  base_url: str | None = None) -> list[Jurisdiction]:
    """All jurisdictions in ``path`` (one file, or every ``*.yaml`` of a folder), optionally only one.

    ``jurisdiction`` matches a code or a name; an unknown one is a :class:`RegistryError`.
    """
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise RegistryError(f"目录 {path} 中没有登记表（*.yaml）")
    jurisdictions = [load_jurisdiction(file, base_url) for file in files]
    codes: dict[str, str] = {}
    for item in jurisdictions:
        for agency in item.agencies:
            if agency.code in codes:
                raise RegistryError(f"机构编码 {agency.code} 同时出现在 {codes[agency.code]} 和 {item.name}")
            codes[agency.code] = item.name
    if jurisdiction is not None:
        jurisdictions = [j for j in jurisdictions if jurisdiction in (j.code, j.name)]
        if not jurisdictions:
            raise RegistryError(f"登记表 {path} 中没有辖区 {jurisdiction}")
    return jurisdictions
