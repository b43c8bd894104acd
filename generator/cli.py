"""The `sunshine` command: a thin skin over checking, building and demo data.

Exit codes: 0 publishable / done, 1 problems block publishing, 2 usage error.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

import click

from generator import reporting

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
INTERNAL_ERROR = 3  # exit code of a bug in Sunshine itself (0 publishable, 1 blocked, 2 usage)


class ChineseGroup(click.Group):
    """Usage errors in Chinese, still exit code 2."""

    def main(self, *args, **kwargs):
        try:
            kwargs.setdefault("prog_name", "sunshine")
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("已取消。", err=True)
            sys.exit(1)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "sunshine"
            click.echo(f"用法错误：{error.format_message()}", err=True)
            click.echo(f"运行 `{command} --help` 查看用法和示例。", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"错误：{error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except Exception as error:  # a bug, not a data problem: say so, and keep cell values out of logs
            if os.environ.get("SUNSHINE_DEBUG"):
                traceback.print_exc()
            click.echo(f"程序内部错误（{type(error).__name__}），这不是数据问题，没有写入任何文件。"
                       "请把运行的命令和这段提示发给技术维护人员；设置环境变量 SUNSHINE_DEBUG=1 可显示详细信息。", err=True)
            sys.exit(INTERNAL_ERROR)


@click.group(cls=ChineseGroup, context_settings=CONTEXT)
@click.version_option(package_name="sunshine-portal", message="sunshine %(version)s")
def main() -> None:
    """阳光救助公开平台：校验社会救助数据，生成公开网站。"""


@main.command(context_settings=CONTEXT)
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="输出格式：text 给人看，json 给程序用，github 为 CI 注释（不含任何单元格内容）。")
@click.option("--strict", is_flag=True, help="警告也阻止发布。")
def validate(project_dir: Path, output_format: str, strict: bool) -> None:
    """校验项目中的全部数据和政策文件，列出所有问题。不会写入任何文件。

    \b
    示例：
      sunshine validate                  # 校验当前目录的项目
      sunshine validate 我的项目 --strict
      sunshine validate --format json > 报告.json
    退出码：0 可以发布；1 有问题阻止发布；2 用法错误；3 程序内部错误。
    """
    from generator.checking import check

    if not project_dir.is_dir():
        raise click.UsageError(f"项目目录不存在：{project_dir}")
    progress = _progress if output_format == "text" and sys.stderr.isatty() else None
    result = check(project_dir, progress=progress)
    report, counts = result.report, result.counts
    if output_format == "json":
        click.echo(reporting.to_json(report, strict=strict, checked=counts))
    elif output_format == "github":
        annotations = reporting.to_github(report)
        if annotations:
            click.echo(annotations)
        click.echo(reporting.verdict(report, strict=strict, checked=counts))
    else:
        click.echo(reporting.to_text(report, strict=strict, checked=counts))
    sys.exit(0 if report.publishable(strict=strict) else 1)


@main.command(context_settings=CONTEXT)
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="网站输出目录，默认为项目下的 site/。")
@click.option("--strict", is_flag=True, help="警告也阻止发布。")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="按哪一天生成网站（决定哪些公示正在公示期内），格式 2025-12-20；默认今天。")
def build(project_dir: Path, out_dir: Path | None, strict: bool, as_of) -> None:
    """先校验，再生成网站。有阻止发布的问题时不写任何文件，原有网站保持不变。

    \b
    示例：
      sunshine build                     # 生成到 ./site
      sunshine build --out /tmp/预览站点
    """
    from generator.pipeline import build as build_site
    from generator.site import SiteBuildError

    if not project_dir.is_dir():
        raise click.UsageError(f"项目目录不存在：{project_dir}")
    started = time.monotonic()
    try:
        outcome = build_site(project_dir, out_dir or project_dir / "site", strict=strict, progress=_progress,
                             as_of=as_of.date() if as_of else None)
    except SiteBuildError as error:
        click.echo(f"MkDocs 生成网站失败，原有网站保持不变：\n{error}", err=True)
        sys.exit(1)
    report = outcome.report
    if not report.publishable(strict=strict):
        click.echo(reporting.to_text(report, strict=strict, checked=outcome.counts))
        click.echo("没有生成网站；原有网站保持不变。", err=True)
        sys.exit(1)
    if report.warnings:
        click.echo(reporting.to_text(report, strict=strict, checked=outcome.counts))
    click.echo(f"网站已生成：{outcome.site_dir}（{time.monotonic() - started:.1f} 秒）")


@main.command(context_settings=CONTEXT)
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", type=int, default=8000, show_default=True, help="本机预览端口。")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="按哪一天生成网站（决定哪些公示正在公示期内），默认今天。")
def serve(project_dir: Path, port: int, as_of) -> None:
    """在本机预览网站：修改 content/ 或 datasets/ 后自动重新校验、生成并刷新浏览器。

    \b
    示例：
      sunshine serve                     # 打开 http://127.0.0.1:8000/
      sunshine serve --as-of 2025-12-20
    """
    from generator.preview import serve as run_preview

    if not project_dir.is_dir():
        raise click.UsageError(f"项目目录不存在：{project_dir}")
    run_preview(project_dir, address=f"127.0.0.1:{port}", as_of=as_of.date() if as_of else None, say=_progress)


@main.command("demo-data", context_settings=CONTEXT)
@click.option("--scale", type=click.Choice(["county", "city", "province"]), default="county", show_default=True,
              help="规模：county 一个县（约 8,000 户低保）；city 约十倍；province 约 100 万户（只用于性能测试，不要提交）。")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="输出的项目目录；数据写入其中的 datasets/。")
@click.option("--seed", type=int, default=2025, show_default=True, help="随机种子；相同种子生成完全相同的文件。")
@click.option("--releases", "with_releases", is_flag=True,
              help="同时把每个月作为发布版本写入 releases/（每月 5 日发布上月数据；项目需有 content/ 和 mkdocs.yml）。")
def demo_data(scale: str, out_dir: Path, seed: int, with_releases: bool) -> None:
    """生成虚构的“阳光县”演示数据（全部为合成数据，不含任何真实个人信息）。

    \b
    示例：
      sunshine demo-data --out 演示项目
      sunshine demo-data --scale province --out /tmp/省级测试
    """
    from generator.demo import generate

    started = time.monotonic()
    generate(out_dir, scale, seed=seed, progress=_progress)
    click.echo(f"演示数据已写入 {out_dir / 'datasets'}（{time.monotonic() - started:.1f} 秒）")
    if with_releases:
        _demo_releases(out_dir)


def _demo_releases(project: Path) -> None:
    """The demo's release history: each month published on the 5th of the next."""
    import datetime as dt
    import shutil

    from generator.catalog import load
    from generator.archive import RELEASES_DIR, data_months
    from generator.releases import cut_history

    shutil.rmtree(project / RELEASES_DIR, ignore_errors=True)
    package, _ = load(project)
    months = data_months(package) if package else []
    dates = {m: dt.date(int(m[:4]) + (m[5:] == "12"), int(m[5:]) % 12 + 1, 5) for m in months}
    outcomes = cut_history(project, dates, progress=_progress)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        click.echo(_problem_text(failed[0].problems))
        sys.exit(1)
    click.echo(f"已发布 {len(outcomes)} 个月的历史版本到 {project / RELEASES_DIR}")


def _check_month(_ctx, _param, value: str) -> str:
    import re

    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter("月份应写成 YYYY-MM，例如 2026-01")
    return value


@main.command(context_settings=CONTEXT)
@click.argument("raw_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--program", type=click.Choice(["dibao", "tekun", "linshi"]), required=True,
              help="名册类别：dibao 低保，tekun 特困供养，linshi 临时救助。")
@click.option("--month", required=True, callback=_check_month, help="名册所属月份，格式 2026-01。")
@click.option("--previous", "previous_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="上月的原始名册（计算新增、停保、增减）；不指定时使用上月导入时保存的记录。")
@click.option("--replace", is_flag=True, help="替换已经导入过的这个月；旧文件保存在 revisions/ 中。")
def ingest(raw_file: Path, project_dir: Path, program: str, month: str, previous_file: Path | None,
           replace: bool) -> None:
    """导入业务系统导出的名册（.xlsx、.xls 或 .csv），生成脱敏后可以公开的数据文件。

    姓名只保留“姓+某”，不写入身份证号、电话、银行账号、住址和备注；同时计算本月变动
    （新增、停保、增发、减发、提标），登记到 datasets/datapackage.json。
    有任何问题时不写入任何文件，并一次列出全部问题（原始名册的行号和列名）。

    \b
    示例：
      sunshine ingest 阳光县2026年1月低保名册.xlsx --program dibao --month 2026-01
      sunshine ingest 2月特困.xls --program tekun --month 2026-02 --previous 1月特困.xls
      sunshine ingest 临时救助.csv --program linshi --month 2026-02 我的项目
      sunshine ingest 更正后的名册.xlsx --program dibao --month 2026-02 --replace
    退出码：0 已导入；1 有问题，没有写入任何文件；2 用法错误；3 程序内部错误。
    """
    from generator.ingest import ingest as run_ingest

    if not project_dir.is_dir():
        raise click.UsageError(f"项目目录不存在：{project_dir}")
    for path in (raw_file, previous_file):
        if path is not None and not path.is_file():
            raise click.UsageError(f"文件不存在：{path}")
    started = time.monotonic()
    outcome = run_ingest(raw_file, program=program, month=month, root=project_dir, previous=previous_file,
                         replace=replace, progress=_progress)
    if not outcome.ok:
        click.echo(_problem_text(outcome.problems))
        click.echo(f"{len(outcome.problems)} 个问题。没有写入任何文件；请按上面的说明修改后重新运行。")
        sys.exit(1)
    for line in outcome.lines:
        click.echo(line)
    if outcome.problems:
        click.echo(_problem_text(outcome.problems))
    for note in outcome.notes:
        click.echo(note)
    click.echo(f"导入完成（{time.monotonic() - started:.1f} 秒）。")


def _check_month_or_none(ctx, param, value: str | None) -> str | None:
    return None if value is None else _check_month(ctx, param, value)


@main.command(context_settings=CONTEXT)
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--month", default=None, callback=_check_month_or_none,
              help="发布哪个月，格式 2026-01；默认是数据中最新的月份。")
@click.option("--correction", default=None, help="更正已经发布的月份时，写明更正了什么（会显示在网站和订阅中）。")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="发布日期，格式 2026-02-05；默认今天。")
def release(project_dir: Path, month: str | None, correction: str | None, date) -> None:
    """定稿发布一个月的数据：写入 releases/<月份>/，以后永远不变。

    先做与 `sunshine validate` 相同的检查，有阻止发布的问题时不写任何文件。
    已经发布过的月份：数据没有改变时什么也不做；改变了就必须用 --correction
    说明更正了什么，作为新版本（releases/<月份>/r2/ …）发布。

    \b
    示例：
      sunshine release                       # 发布最新的月份
      sunshine release --month 2026-01 --correction "凤营村一户1月金额录入错误，已更正"
    退出码：0 已发布（或无需发布）；1 有问题，没有写入任何文件；2 用法错误；3 程序内部错误。
    """
    import datetime as dt

    from generator.releases import cut

    if not project_dir.is_dir():
        raise click.UsageError(f"项目目录不存在：{project_dir}")
    if correction is not None and not correction.strip():
        raise click.UsageError("--correction 的更正说明不能为空。")
    outcome = cut(project_dir, month, date=date.date() if date else dt.date.today(),
                  correction=correction.strip() if correction else None, progress=_progress)
    if not outcome.ok:
        click.echo(_problem_text(outcome.problems))
        click.echo("没有发布；没有写入任何文件。请按上面的说明修改后重新运行。")
        sys.exit(1)
    done = outcome.release
    if not outcome.written:
        click.echo(f"{done.month} 已经发布（第 {done.revision} 版，{done.date}），数据没有改变，无需再次发布。")
        return
    click.echo(f"已发布 {done.month} 第 {done.revision} 版：releases/{done.folder}/（发布日期 {done.date}）")
    if done.erratum:
        click.echo(f"更正说明：{done.erratum}")
    for line in done.notes:
        click.echo(f"  · {line}")
    click.echo("请把 releases/ 和 datasets/ 的改动一起提交。")


@main.command(context_settings=CONTEXT)
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--since", default=None, callback=_check_month_or_none,
              help="与哪个月的发布版本比较，格式 2026-01；默认是上一次发布。")
def diff(project_dir: Path, since: str | None) -> None:
    """列出当前数据与上一次发布相比的变化：户数、人数、金额，新增和停保，
    调整的救助标准，新下达的资金，新增的政策文件。只读，不写任何文件。

    \b
    示例：
      sunshine diff
      sunshine diff --since 2025-12
    退出码：0 已列出；1 数据有阻止发布的问题，无法比较；2 用法错误；3 程序内部错误。
    """
    from generator.checking import check
    from generator.problems import Problem, Report
    from generator.releases import compare

    if not project_dir.is_dir():
        raise click.UsageError(f"项目目录不存在：{project_dir}")
    result = check(project_dir, progress=_progress)
    # A month not yet released, or changed since, is what diff is for: not a reason to refuse.
    blocking = Report([p for p in result.report if not p.code.startswith("release-")])
    if result.package is None or not blocking.publishable(strict=False):
        click.echo(_problem_text(list(blocking)))
        click.echo("数据有阻止发布的问题，无法比较；请先按上面的说明修改。")
        sys.exit(1)
    found = compare(result, since)
    if isinstance(found, Problem):
        click.echo(_problem_text([found]))
        sys.exit(1)
    click.echo(found.heading)
    for line in found.lines:
        click.echo(f"  · {line}")
    for month in found.pending:
        click.echo(f"注意：{month} 已经发布，但数据之后改动了；如果是更正，请运行 "
                   f"sunshine release --month {month} --correction \"更正说明\"。")


def _problem_text(problems: list) -> str:
    """The grouped problem list of `validate`, without its verdict line (which is about publishing)."""
    from generator.problems import Report

    return reporting.to_text(Report(problems), strict=False).rsplit("\n", 1)[0]


def _progress(message: str) -> None:
    click.echo(f"… {message}", err=True)


if __name__ == "__main__":
    main()
