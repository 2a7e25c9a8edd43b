"""The sources registry: which agencies a jurisdiction has and where each lists its annual reports.

One YAML file per jurisdiction (``crawlers/sources/<jurisdiction>.yaml``) names the 公开办 and its alert
recipients and, for every agency, its code, name, level, deadline kind, the entry page of its annual
report column and the CMS family serving it. Files are validated on load; a problem becomes a
:class:`RegistryError` with a one-line Chinese message naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from nianbao.titles import agency_name
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


class Column(_Strict):
    """A report column several agencies publish in (a city portal's 年报 column, a 政府信息公开平台)."""

    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=2)
    entry: str = Field(min_length=1)
    cms: CmsFamily
    extra_hosts: list[str] = Field(default_factory=list)


class RegistryAgency(_Strict):
    """One agency and the column where it publishes its annual reports: its own (``entry`` and ``cms``)
    or a shared one (``column``, the code of one of the jurisdiction's ``columns``). ``aliases`` are
    other names it signs its reports with (「洪泽区人民政府」 for 「淮安市洪泽区人民政府」)."""

    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)
    level: str = Field(min_length=1)
    deadline_kind: Literal["department", "government"]
    entry: str | None = Field(default=None, min_length=1)
    cms: CmsFamily | None = None
    column: str | None = None
    extra_hosts: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_column(self) -> RegistryAgency:
        if self.column is None:
            for field in ("entry", "cms"):
                if getattr(self, field) is None:
                    raise PydanticCustomError("missing_column_field", "{field} is required without a column",
                                              {"field": field})
        return self

    @property
    def hosts(self) -> set[str]:
        return {urlsplit(self.entry or "").hostname or "", *self.extra_hosts}


@dataclass(frozen=True)
class ColumnPlan:
    """One column to read and the agencies publishing in it; ``shared`` when each report is attributed
    to its agency by the name in its title or page."""

    key: str
    entry: str
    cms: CmsFamily
    agencies: tuple[str, ...]
    shared: bool


class Jurisdiction(_Strict):
    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=2)
    office: Office
    base_url: str | None = None
    columns: list[Column] = Field(default_factory=list)
    agencies: list[RegistryAgency] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> Jurisdiction:
        seen: set[str] = set()
        for agency in self.agencies:
            if agency.code in seen:
                raise ValueError(f"机构编码 {agency.code} 重复")
            seen.add(agency.code)
        columns = {column.code for column in self.columns}
        for column in self.columns:
            if column.code in seen:
                raise ValueError(f"栏目编码 {column.code} 重复")
            seen.add(column.code)
        for agency in self.agencies:
            if agency.column is not None and agency.column not in columns:
                raise ValueError(f"机构 {agency.code} 所在的共用栏目 {agency.column} 不在 columns 中")
        return self

    def agency_records(self) -> list[AgencyRecord]:
        """The registry entries in the warehouse's form, for ``sync_agencies``."""
        return [
            AgencyRecord(code=a.code, name=a.name, level=a.level, parent_jurisdiction=self.name,
                         office=self.office.name, deadline_kind=a.deadline_kind, aliases=tuple(a.aliases))
            for a in self.agencies
        ]

    def column_plans(self) -> list[ColumnPlan]:
        """Every column to read once: each agency's own, and each shared column with all its agencies."""
        plans = [ColumnPlan(a.code, a.entry, a.cms, (a.code,), False)  # type: ignore[arg-type]
                 for a in self.agencies if a.column is None]
        for column in self.columns:
            members = tuple(a.code for a in self.agencies if a.column == column.code)
            if members:
                plans.append(ColumnPlan(column.code, column.entry, column.cms, members, True))
        return plans

    def agency_named(self, name: str) -> RegistryAgency | None:
        """The agency a report names: by its name or an alias, or by its name without the
        jurisdiction's (「教育局」 in 东江市 is 「东江市教育局」); None when no single agency fits."""
        wanted = agency_name(name)
        for candidates in ([wanted], [self.name + wanted, agency_name(self.name + name)]):
            found = [a for a in self.agencies if {a.name, *a.aliases} & set(candidates)]
            if len(found) == 1:
                return found[0]
        return None


_MESSAGES = {
    "missing": "缺少必填项",
    "missing_column_field": "缺少必填项（或写明所在的共用栏目 column）",
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


def _location(error: ErrorDetails) -> tuple[int | str, ...]:
    """Where the error is; an agency's missing column field is named as that field."""
    if error["type"] == "missing_column_field":
        return (*error["loc"], (error.get("ctx") or {})["field"])
    return error["loc"]


def _describe(error: ValidationError, data: object) -> str:
    problems = [f"{_where(_location(e), data)}：{_problem(e)}" for e in error.errors()]
    more = len(problems) - _MAX_PROBLEMS
    return "；".join(problems[:_MAX_PROBLEMS]) + (f"；另有 {more} 处问题" if more > 0 else "")


def _absolute(jurisdiction: Jurisdiction, base_url: str | None, origin: Path) -> Jurisdiction:
    """Entry pages made absolute against ``base_url`` (argument first, then the file's own); an agency
    of a shared column takes the column's entry page, CMS family and hosts."""
    base = base_url or jurisdiction.base_url

    def absolute(code: str, entry: str) -> str:
        url = urljoin(base, entry) if base else entry
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise RegistryError(f"登记表 {origin}：{code} 的栏目入口 {entry!r} 不是完整网址")
        return url

    columns = {c.code: c.model_copy(update={"entry": absolute(c.code, c.entry)}) for c in jurisdiction.columns}
    agencies = []
    for agency in jurisdiction.agencies:
        if agency.column is None:
            agencies.append(agency.model_copy(update={"entry": absolute(agency.code, agency.entry or "")}))
        elif agency.entry is not None or agency.cms is not None:
            raise RegistryError(f"登记表 {origin}：机构 {agency.code} 写明了共用栏目 column，不应再写 entry 和 cms")
        else:
            column = columns[agency.column]
            agencies.append(agency.model_copy(update={
                "entry": column.entry, "cms": column.cms, "extra_hosts": [*column.extra_hosts, *agency.extra_hosts]}))
    return jurisdiction.model_copy(update={"agencies": agencies, "columns": list(columns.values()), "base_url": base})


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


_SNAPSHOT = TypeAdapter(list[Jurisdiction])


def write_snapshot(jurisdictions: list[Jurisdiction], path: Path) -> None:
    """The loaded registry as JSON, handed to the spider process so it uses the very same registry."""
    path.write_bytes(_SNAPSHOT.dump_json(jurisdictions))


def read_snapshot(path: Path) -> list[Jurisdiction]:
    """The registry :func:`write_snapshot` handed over (already validated and resolved: read, not loaded)."""
    return _SNAPSHOT.validate_json(path.read_bytes())
