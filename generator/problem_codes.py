"""The catalogue of problem codes: one entry per code, in Chinese for staff.

A code is stable once released: tools, CI annotations and the staff guide refer
to it. `message` is a template filled per problem (never with a cell value);
`explanation` and `fix` go into the generated problem-code page.
Add a code here before using it; `tests/test_problem_codes.py` fails on any
code used in the source and missing here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    severity: str  # "error" blocks publishing; "warning" blocks only with --strict
    group: str  # heading on the problem-code page
    title: str
    message: str
    explanation: str
    fix: str


_ENTRIES = [
    # --- files and encodings -------------------------------------------------
    CodeEntry(
        "package-missing", "error", "文件与编码", "找不到数据包描述文件",
        "找不到 datasets/datapackage.json。请确认在项目根目录运行，或指定项目目录。",
        "每个项目的数据都由 datasets/datapackage.json 描述（Frictionless 数据包格式）。",
        "在项目根目录运行命令，或用 `sunshine validate 项目目录` 指定目录；新项目可用 `sunshine demo-data` 生成示例。",
    ),
    CodeEntry(
        "package-invalid", "error", "文件与编码", "数据包描述文件格式有误",
        "datasets/datapackage.json 无法读取：{reason}。请按提示修改该文件。",
        "描述文件不是合法的 JSON，或缺少 resources 等必需内容。",
        "用文本编辑器打开 datapackage.json 按提示修正；不确定时请从版本库恢复上一版。",
    ),
    CodeEntry(
        "schema-invalid", "error", "文件与编码", "表结构（Table Schema）有误",
        "表结构文件 {schema} 有误：{reason}。",
        "数据集的表结构文件缺失、不是合法 JSON，或字段定义不完整。",
        "表结构由技术人员维护；请联系维护人员，不要在表结构里改数据。",
    ),
    CodeEntry(
        "schema-field-undocumented", "error", "文件与编码", "字段缺少中文标题或说明",
        "表结构 {schema} 的字段「{field}」缺少中文标题（title）或说明（description）。",
        "每个字段都要有中文标题和说明，数据字典页面和下载文件的说明都由它们生成。",
        "在表结构文件中为该字段补上 title 和 description（写明单位）。",
    ),
    CodeEntry(
        "family-missing", "error", "文件与编码", "缺少必需的数据",
        "数据包没有登记「{title}」（{family}）。没有它，无法核对区划、标准或官方电话。",
        "行政区划、救助标准和服务窗口是其他数据的依据：名册的村代码、保障金额和公示的异议电话都要与它们核对。",
        "把该数据文件放入 datasets/ 并在 datapackage.json 中登记（可参照演示数据）。",
    ),
    CodeEntry(
        "period-missing", "error", "文件与编码", "按月（按年）数据没有注明期别",
        "资源 {name} 属于按期分文件的数据，但 datapackage.json 中没有注明 period（如 2025-03）。",
        "每个月（年）的数据单独成文件，期别决定它和哪个月的名册、发放表核对。",
        "在该资源的 \"sunshine\" 中写上 \"period\"；用 sunshine ingest 导入的文件会自动写好。",
    ),
    CodeEntry(
        "month-missing", "error", "文件与编码", "缺少某个月的数据",
        "缺少 {month} 的{what}（数据包中前后月份都有）。",
        "按月的数据必须连续：少一个月，变动、发放和预算执行就无法核对，公众看到的趋势也会断开。",
        "补上该月的文件并登记；确实没有数据的月份也要放一个只有表头的文件。",
    ),
    CodeEntry(
        "file-missing", "error", "文件与编码", "数据文件不存在",
        "数据包中登记了文件 {path}，但找不到该文件。请补上文件，或从 datapackage.json 中删除这一项。",
        "datapackage.json 列出的每个文件都必须存在。",
        "检查文件名和所在文件夹（区分大小写）；如果本月数据尚未准备好，先不要登记。",
    ),
    CodeEntry(
        "file-not-in-package", "warning", "文件与编码", "数据文件没有登记",
        "文件 {path} 在 datasets/ 文件夹中，但 datapackage.json 没有登记它，因此不会被校验和发布。",
        "放进 datasets/ 但未登记的文件不会发布，常见原因是忘了登记或放错了文件夹。",
        "用 `sunshine ingest` 导入本月数据（会自动登记），或删除这个多余的文件。",
    ),
    CodeEntry(
        "encoding-undeclared", "error", "文件与编码", "没有声明文件编码",
        "数据包没有声明该文件的编码（encoding）。请声明为 utf-8 或 gb18030。",
        "中文文件的编码不能靠猜：猜错会把汉字变成乱码而不报错。",
        "在 datapackage.json 中该资源下写明 \"encoding\": \"utf-8\"（或 \"gb18030\"）。",
    ),
    CodeEntry(
        "encoding-unsupported", "error", "文件与编码", "不支持的文件编码",
        "声明的编码「{encoding}」不受支持。请把文件另存为 UTF-8，或声明为 gb18030。",
        "平台只接受 UTF-8（可带 BOM）和 GB18030（GBK 文件按 GB18030 读取）。",
        "在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”，再把 encoding 改为 utf-8。",
    ),
    CodeEntry(
        "encoding-mismatch", "error", "文件与编码", "文件编码与声明不符",
        "文件实际编码与声明的「{encoding}」不符（{reason}）。按声明读取会出现乱码。",
        "文件字节无法按声明的编码解读，或看起来明显是另一种编码。平台不会猜测，以免静默产生乱码。",
        "确认文件的真实编码：Excel 另存为“CSV UTF-8”后声明 utf-8；从旧系统导出的 GBK 文件声明为 gb18030。",
    ),
    CodeEntry(
        "file-unreadable", "error", "文件与编码", "文件无法读取",
        "文件无法读取：{reason}。",
        "文件损坏、为空，或不是声明的格式（例如把 Excel 文件改名为 .csv）。",
        "用 Excel 或文本编辑器重新导出该文件。",
    ),
    # --- table structure --------------------------------------------------------
    CodeEntry(
        "header-mismatch", "error", "表头与表格结构", "表头与表结构不符",
        "第 1 行表头与表结构不符：{reason}。",
        "CSV 第一行必须依次是表结构规定的列名，顺序一致、不能多也不能少。",
        "对照数据字典修改第一行的列名，或从模板重新复制表头。",
    ),
    CodeEntry(
        "blank-row", "error", "表头与表格结构", "空行",
        "这一行是空行。请删除空行。",
        "数据中间的空行会让行数统计和核对出错。",
        "在 Excel 中选中该行，右键“删除”。",
    ),
    CodeEntry(
        "extra-cell", "error", "表头与表格结构", "单元格多于表头",
        "这一行的单元格比表头多。常见原因是数据里有未加引号的英文逗号。",
        "每一行的单元格数必须与表头列数相同。",
        "检查这一行是否多填了一列，或把含逗号的内容用引号括起来（用 Excel 另存为 CSV 会自动处理）。",
    ),
    CodeEntry(
        "missing-cell", "error", "表头与表格结构", "单元格少于表头",
        "这一行的单元格比表头少，缺少「{field}」列。",
        "每一行的单元格数必须与表头列数相同。",
        "补上缺少的单元格；没有值的单元格也要保留位置（留空）。",
    ),
    # --- cells (Table Schema) ------------------------------------------------------
    CodeEntry(
        "required-missing", "error", "单元格内容", "必填项为空",
        "「{title}」是必填项，不能为空。",
        "表结构规定该列每一行都必须有值。",
        "补填该单元格。",
    ),
    CodeEntry(
        "wrong-type", "error", "单元格内容", "内容类型不对",
        "「{title}」应为{expected}。",
        "单元格内容无法按表结构规定的类型读取，例如金额里混入了汉字、单位或千分位逗号，日期不是“2025-03-01”格式。",
        "只填数字本身（不带“元”、逗号、空格），日期写成 年-月-日（如 2025-03-01）。",
    ),
    CodeEntry(
        "not-in-code-list", "error", "单元格内容", "不在代码表中",
        "「{title}」只能填写代码表中的值：{allowed}。",
        "该列取值来自固定的代码表，其他写法（包括多余的空格或中文名称）都无法统计。",
        "改成代码表中的某个代码；各代码的中文含义见数据字典。",
    ),
    CodeEntry(
        "wrong-format", "error", "单元格内容", "格式不对",
        "「{title}」的格式不对：{expected}。",
        "该列有固定格式，例如区划代码是 12 位数字、月份写成 2025-03、姓名只保留“姓+某”。",
        "按说明中的格式改写。",
    ),
    CodeEntry(
        "out-of-range", "error", "单元格内容", "超出允许范围",
        "「{title}」超出允许范围：{expected}。",
        "数值低于最小值或高于最大值，常见原因是单位用错（万元与元）或多打了一位数。",
        "核对数值和单位（金额一律以“元”为单位）。",
    ),
    CodeEntry(
        "wrong-length", "error", "单元格内容", "长度不对",
        "「{title}」的长度不对：{expected}。",
        "文字长度超出表结构允许的范围。",
        "缩短或补全该单元格的内容。",
    ),
    CodeEntry(
        "duplicate-value", "error", "单元格内容", "不应重复的值重复了",
        "「{title}」的值与第 {first_row} 行重复；该列每行必须不同。",
        "该列被定义为唯一，不能出现两行相同的值。",
        "删除重复的行，或更正其中一行。",
    ),
    CodeEntry(
        "duplicate-key", "error", "单元格内容", "记录重复",
        "这一行的主键（{fields}）与第 {first_row} 行相同，同一条记录登记了两次。",
        "主键用来唯一识别一条记录，重复通常是同一行被复制了两次。",
        "删除重复的一行；如果确是两条不同记录，请更正其中一条的主键。",
    ),
    CodeEntry(
        "missing-key", "error", "单元格内容", "主键为空",
        "这一行的主键（{fields}）为空或无法读取，无法识别这条记录。",
        "主键的每一列都必须有可读取的值。",
        "补填主键各列。",
    ),
    CodeEntry(
        "unknown-reference", "error", "单元格内容", "引用了不存在的记录",
        "「{title}」的值在 {target} 中找不到。",
        "该列必须引用另一张表中已有的记录，例如村代码必须在行政区划表中。",
        "检查是否填错或多了空格；如果是新设的村（社区），请先在行政区划表 areas 中登记。",
    ),
    CodeEntry(
        "objection-phone-unofficial", "error", "公示", "异议电话不是登记的官方电话",
        "异议电话不在服务窗口表 service_points 登记的官方电话中。公示只能留官方电话，不能留个人手机。",
        "公示的异议电话必须是民政部门或乡镇公开的官方电话，并已登记在服务窗口表中（这也是隐私检查的白名单）。",
        "改用乡镇社会救助窗口或民政局的官方电话；如果是新开通的官方电话，先登记到 service_points。",
    ),
    # --- personal information (the privacy gate) -------------------------------------
    CodeEntry(
        "id-number", "error", "个人信息", "出现了身份证号码",
        "这里有一个身份证号码（或遮盖了部分数字的号码片段）。身份证号码在任何文件、任何页面都不能公开。",
        "公民身份号码（18 位、15 位旧号码，以及只露出前几位和后几位、中间用星号遮盖的片段）属于个人信息，"
        "各地遮盖的位数不同，片段拼起来就能还原整个号码（民发〔2021〕57号只公开姓名、人数和金额）。",
        "删除这个号码（整列删除），用 `sunshine ingest` 从系统导出的原始名册重新导入：导入时会自动去掉身份证号码。",
    ),
    CodeEntry(
        "phone-number", "error", "个人信息", "出现了非官方电话号码",
        "这里有一个电话号码，但它不是服务窗口表 service_points 登记的官方电话（12349、12345 等热线除外）。",
        "个人的手机和固定电话属于个人信息，不能公开；公开的只能是民政部门登记的官方电话。",
        "删除这个号码；如果它确实是官方电话，先把它登记到 service_points（服务窗口与监督渠道）中。",
    ),
    CodeEntry(
        "bank-card", "error", "个人信息", "出现了银行卡号",
        "这里有一个银行卡号或账号（16–19 位且通过卡号校验）。银行账号不能公开。",
        "金融账户属于敏感个人信息（个人信息保护法第二十八条）。",
        "删除这个号码（整列删除）；用 `sunshine ingest` 导入名册时会自动去掉银行账号。",
    ),
    CodeEntry(
        "name-not-masked", "error", "个人信息", "姓名没有脱敏",
        "「{title}」里是没有脱敏的姓名。公开的姓名只能是“姓+某”，如“张某”“欧阳某”。",
        "网上公开的名单只保留姓氏，名字用一个“某”代替（复姓保留两个字，带“·”的姓名保留第一个字），这是公开裁判文书通行的做法。",
        "用 `sunshine ingest` 导入原始名册，它会自动脱敏；手工整理的文件请把姓名改为“姓+某”。",
    ),
    CodeEntry(
        "address-detail", "error", "个人信息", "出现了村（社区）以下的详细地址",
        "这里有村（社区）以下的地址（村民小组、门牌号、楼栋、单元或房号）。名单只能公开到村（社区）。",
        "民发〔2021〕57号只要求在村（社区）公布；详细住址属于个人信息，不能公开。",
        "删除详细地址，只保留村（社区）；用 `sunshine ingest` 导入名册时会自动去掉地址。",
    ),
    CodeEntry(
        "sensitive-detail", "error", "个人信息", "逐户数据中出现了敏感信息",
        "逐户（逐人）数据中出现了「{term}」：健康、残疾、未成年、宗教信仰或违法犯罪情况不能逐户公开。",
        "这些属于敏感个人信息（个人信息保护法第二十八条），只能以乡镇以上的汇总数公开。",
        "删除这一内容；需要时只公开乡镇以上的汇总数。",
    ),
    # --- areas ----------------------------------------------------------------------
    CodeEntry(
        "area-level-mismatch", "error", "行政区划", "区划代码位数与层级不符",
        "区划代码的位数与层级「{level}」不符：县级 6 位、乡镇 9 位、村（社区）12 位。",
        "统计用区划代码的位数决定层级。",
        "核对代码与层级，参照国家统计局统计用区划代码。",
    ),
    CodeEntry(
        "area-parent-mismatch", "error", "行政区划", "上级区划不对",
        "上级区划代码不是本区划代码的前缀，或上级的层级不对。",
        "乡镇的上级必须是县（代码前 6 位），村（社区）的上级必须是乡镇（代码前 9 位）。",
        "更正 parent_code。",
    ),
    CodeEntry(
        "area-orphan", "error", "行政区划", "区划无法汇总到本县",
        "该区划沿上级代码无法汇总到本县（{county}）：上级缺失或断链。",
        "所有乡镇和村（社区）都必须能逐级汇总到唯一的县级区划，否则县级合计会漏算。",
        "补全或更正 parent_code，确保最终指向本县。",
    ),
    CodeEntry(
        "standard-unit-mismatch", "error", "救助标准", "标准的单位与类别不符",
        "标准类别「{component}」不能使用单位「{unit}」，应为：{allowed}。",
        "每类标准只允许特定单位，例如低保标准是“元/人·月”或“元/人·年”，临时救助上限是“倍”。",
        "按文件原文核对单位后改正；不要把年标准填成月标准。",
    ),
    CodeEntry(
        "standard-period-invalid", "error", "救助标准", "标准的有效期不对",
        "有效期的截止日期早于开始日期。",
        "valid_to 必须不早于 valid_from。",
        "核对文件中的执行日期。",
    ),
    CodeEntry(
        "standard-periods-overlap", "error", "救助标准", "同一标准的有效期重叠",
        "同一标准（{key}）有两个有效期重叠的版本（与第 {other_row} 行重叠），无法确定哪个适用。",
        "同一地区、同一类别的标准，在任一天只能有一个有效值。",
        "为旧标准填写截止日期 valid_to（新标准施行日的前一天）。",
    ),
    CodeEntry(
        "standard-decreased", "warning", "救助标准", "标准下调了",
        "标准（{key}）从 {before} 下调到 {after}（{unit}）。救助标准应“只增不降”，请确认是否填错。",
        "依据呼政办发〔2017〕23号等文件，困难群众基本生活保障水平应只增不降；下调通常是录入错误。",
        "核对文件原文；确属下调的，在 notes 中写明依据。该警告不阻止发布（--strict 时除外）。",
    ),
    CodeEntry(
        "tekun-below-dibao-ratio", "error", "救助标准", "特困基本生活标准低于低保标准的 1.3 倍",
        "特困人员基本生活标准（{tekun} 元/人·月）低于同期低保标准的 1.3 倍（{floor} 元/人·月，{period}）。",
        "特困人员基本生活标准不低于当地低保标准的 1.3 倍（国发〔2016〕14号）。",
        "核对两项标准的数值和单位；如低保标准已提高，特困标准需同步调整。",
    ),
    CodeEntry(
        "standard-missing", "error", "救助标准", "找不到适用的救助标准",
        "{month} 没有适用的{key}，无法核对金额。",
        "核对保障金额需要当月有效的标准。",
        "在 standards 表中补充该期间的标准，或更正有效期。",
    ),
    # --- rosters --------------------------------------------------------------------
    CodeEntry(
        "month-mismatch", "error", "保障名册", "月份与文件不符",
        "「{title}」与文件所属月份 {month} 不符。",
        "每个月的名册单独成文件，文件里的月份必须一致。",
        "确认文件放在正确的月份，或更正月份列。",
    ),
    CodeEntry(
        "start-after-month", "error", "保障名册", "起始月份晚于名册月份",
        "起始月份晚于名册所属月份 {month}。",
        "名册上的户必须已经开始享受救助。",
        "核对起始月份。",
    ),
    CodeEntry(
        "amount-over-standard", "error", "保障名册", "保障金额超过标准",
        "保障金额超过上限（{standard}），请核对金额和人数。",
        "低保金按补差或分档发放，不能超过当月该类标准乘以保障人数；特困供养金不超过基本生活标准加最高照料护理标准；临时救助不超过上限。",
        "核对金额（单位为元）和保障人数；如标准已调整，先更新 standards。",
    ),
    CodeEntry(
        "dibao-tekun-overlap", "error", "保障名册", "同一户同月既享受低保又享受特困供养",
        "同一户在 {month} 同时出现在低保和特困供养名册（见特困名册第 {other_row} 行）。",
        "特困人员与低保不能在同一月重复享受。平台用每月更换的核对码比对，不能跨月追踪个人。",
        "核实该户本月应享受哪一项，从另一份名册中删除。",
    ),
    CodeEntry(
        "roster-without-notice", "warning", "公示", "名册没有对应的公布记录",
        "{month} {area} 的{program}名册没有对应的“审核确认公布”记录。",
        "低保、特困名单应在村（社区）公布（民发〔2021〕57号第二十四条）；平台需要公布记录来显示公布期和异议渠道。",
        "在当月 notices 中补充该乡镇的公布记录。",
    ),
    CodeEntry(
        "linshi-reason-missing", "error", "保障名册", "支出型临时救助缺少救助事由",
        "支出型临时救助必须填写救助事由（粗分类代码）。",
        "公开目录要求公布支出型临时救助的救助事由；只用粗分类，不写具体病名。",
        "在 reason_coarse 列选择一个代码。",
    ),
    CodeEntry(
        "approval-outside-month", "error", "保障名册", "审批日期不在名册月份内",
        "审批日期不在名册所属月份 {month} 内。",
        "临时救助名册按审批月份分文件。",
        "把这一行移到审批日期所在月份的文件，或更正日期。",
    ),
    # --- changes --------------------------------------------------------------------
    CodeEntry(
        "change-inconsistent", "error", "动态管理", "变动记录前后不一致",
        "变动类型「{change}」与变动前后的数值不符：{reason}。",
        "新增没有变动前数值；停保后金额为 0；增发后金额大于变动前，减发后小于变动前。",
        "核对变动类型和前后金额、人数。",
    ),
    CodeEntry(
        "changes-do-not-reconcile", "error", "动态管理", "变动与名册对不上",
        "{area} {program}：上月 {before} 户 + 新增 {new} 户 − 停保 {stop} 户 ≠ 本月名册 {after} 户。",
        "本月户数必须等于上月户数加新增减停保，否则有户漏登或多登。",
        "对照上月和本月名册，补齐缺漏的变动记录或名册行。",
    ),
    # --- notices --------------------------------------------------------------------
    CodeEntry(
        "notice-too-short", "error", "公示", "公示期不够长",
        "公示期只有 {days} 天，这一阶段至少要 {minimum} 天（含首尾两天）。",
        "初审公示和终止供养公示为 7 天（民发〔2021〕57号第十九条、特困人员认定办法第十五条和第二十六条），临时救助公示按 7 天，异议后的重新公示不少于 3 天；审核确认后的公布没有法定最短期限。",
        "延长公示截止日期，使起止日期（含首尾两天）达到规定天数。",
    ),
    CodeEntry(
        "notice-dates-invalid", "error", "公示", "公示日期不对",
        "公示截止日期早于开始日期。",
        "notice_end 必须不早于 notice_start。",
        "核对公示起止日期。",
    ),
    # --- funds ----------------------------------------------------------------------
    CodeEntry(
        "disbursement-mismatch", "error", "资金", "发放与名册对不上",
        "{month} {area} {program}：发放表的{measure}为 {paid}，名册合计为 {roster}（允许误差 {tolerance}）。",
        "每月发放的户数、人数必须与名册一致；发放金额减去补发后，与名册金额合计的差额不超过 1 元（分位四舍五入）。",
        "核对发放表与名册；补发的往月金额请填在 back_pay 列。",
    ),
    CodeEntry(
        "budget-overspent", "error", "资金", "支出超过可用资金",
        "{period} {program} 累计支出 {spent} 元，超过截至当期可用资金 {available} 元（已下达资金 ± 调剂）。",
        "预算执行不能超过已经到位的资金。",
        "核对累计支出和资金下达记录；漏登的下达文件请补入 fund_allocations。",
    ),
    CodeEntry(
        "execution-disbursement-mismatch", "error", "资金", "预算执行与发放对不上",
        "{period} {program} 累计支出 {spent} 元，与发放表累计 {paid} 元不符（允许误差 1 元）。",
        "预算执行书的累计支出应等于各月实际发放之和。",
        "核对预算执行书和各月发放表。",
    ),
    CodeEntry(
        "transfer-unfunds-dibao", "error", "资金", "调出低保结余后低保资金不足",
        "{year} 年从低保调出 {out} 元后，低保可用资金 {available} 元低于低保预算 {budget} 元。",
        "低保结余资金可以转为临时救助资金，但要先确保低保预算足额列支（昌州政办发〔2015〕62号）。",
        "减少调剂金额，或补充低保资金来源。",
    ),
    # --- staffing -------------------------------------------------------------------
    CodeEntry(
        "staffing-required-wrong", "error", "协管员配备", "应配协管员人数算错",
        "户籍人口 {population} 人，按规则应配不少于 {required} 名协管员，表中填的是 {given} 名。",
        "户籍人口 2 万人以下不少于 1 名，2 万至 5 万人不少于 2 名，5 万人以上不少于 3 名（龙岩七条措施）；恰好 2 万人按 2 名、恰好 5 万人按 3 名计。",
        "按规则更正 aides_required。",
    ),
    CodeEntry(
        "staffing-below-rule", "warning", "协管员配备", "协管员配备不足",
        "实配协管员 {actual} 名，少于应配的 {required} 名。",
        "乡镇（街道）社会救助协管员配备低于规定。",
        "这是需要公开的事实，不是录入错误；确认数字无误即可。",
    ),
    # --- policies -------------------------------------------------------------------
    CodeEntry(
        "policy-metadata-missing", "error", "政策文件", "政策文件缺少必填信息",
        "政策文件缺少「{title}」。",
        "政府信息公开要求标明发布机构、发布日期、是否有效等信息。",
        "在文件开头的元数据（--- 之间）补上该项。",
    ),
    CodeEntry(
        "policy-metadata-invalid", "error", "政策文件", "政策文件信息格式不对",
        "「{title}」的格式不对：{expected}。",
        "元数据必须符合政策文件的表结构。",
        "按提示改正该项。",
    ),
    CodeEntry(
        "policy-front-matter-unreadable", "error", "政策文件", "政策文件开头的元数据无法读取",
        "文件开头的元数据无法读取：{reason}。",
        "政策文件以 --- 包围的 YAML 元数据开头。",
        "检查冒号、缩进和引号；日期写成 2025-03-01。",
    ),
    CodeEntry(
        "doc-number-brackets", "error", "政策文件", "文号括号不规范",
        "文号的年份要用六角括号〔〕，不要用 [ ]、【】或﹝﹞。",
        "《党政机关公文格式》规定发文字号的年份用六角括号。",
        "把年份两侧的括号改为〔〕。",
    ),
    CodeEntry(
        "policy-dates-inconsistent", "error", "政策文件", "政策文件日期矛盾",
        "发布日期早于成文日期。",
        "文件先成文后发布。网页日期晚于成文日期很常见（如转载、迁移），但不可能更早。",
        "核对成文日期和发布日期；网页转载日期请写在备注中。",
    ),
    CodeEntry(
        "policy-validity-unknown", "warning", "政策文件", "未标注是否有效",
        "原页面没有标注文件是否有效（status 为 unknown）。网站会显示“是否有效：未标注”。",
        "公众需要知道文件是否仍然有效；原发布页面未标注时如实记录为 unknown。",
        "向发文机关核实后改为 in_force、repealed 等。",
    ),
    CodeEntry(
        "policy-relation-broken", "error", "政策文件", "关联的政策文件不存在",
        "「{title}」指向的文件 {target} 不在政策库中。",
        "政策解读必须链接到它解读的文件。",
        "更正文件编号（doc_id，即文件名），或先把被解读的文件加入政策库。",
    ),
    CodeEntry(
        "policy-relation-missing", "error", "政策文件", "政策解读没有指向原文件",
        "这是政策解读（doc_kind: interpretation），但没有填写 interprets。",
        "解读必须指向它所解读的文件。",
        "在 interprets 中填写原文件的 doc_id。",
    ),
    CodeEntry(
        "policy-body-duplicated", "warning", "政策文件", "正文重复",
        "正文中有一大段内容重复出现（从第 {line} 行起），可能是复制网页时重复粘贴。",
        "原网页常把正文显示两次，照抄会让公众看到重复内容。",
        "删除重复的部分，只保留一份正文。",
    ),
    # --- ingest ---------------------------------------------------------------------
    # `sunshine ingest`: the raw roster exported from the assistance information
    # system. Rows are the raw file's spreadsheet rows; columns its header text.
    CodeEntry(
        "ingest-file-unreadable", "error", "导入名册", "原始名册无法读取",
        "原始名册无法读取：{reason}。",
        "只能导入 Excel（.xlsx、.xls）和 CSV 文件；CSV 按 UTF-8（可带 BOM）读取，不是 UTF-8 时按 GB18030（含 GBK）读取。",
        "用业务系统重新导出名册；如果是其他格式，先在 Excel 中另存为 .xlsx。",
    ),
    CodeEntry(
        "ingest-header-not-found", "error", "导入名册", "找不到名册的表头",
        "在前 {rows} 行中找不到表头：至少要认出姓名、身份证号、金额、村（社区）等列中的两列。",
        "导入时在标题行（如“××县××月低保名册”“单位：元”）下面寻找表头行，按列名认出每一列。",
        "确认名册在第一个工作表里、表头写着“户主姓名”“身份证号”等列名；本地特有的列名写进项目根目录的 ingest_headers.yml。",
    ),
    CodeEntry(
        "ingest-column-missing", "error", "导入名册", "名册缺少必需的列",
        "名册缺少「{title}」列。查找过的列名：{variants}。",
        "导入这类名册必须有这一列；列名按常见写法和项目的 ingest_headers.yml 识别。",
        "在名册中补上这一列；如果列名是本地写法，把它加到项目根目录 ingest_headers.yml 中对应字段下。",
    ),
    CodeEntry(
        "ingest-column-duplicate", "error", "导入名册", "两列对应同一项内容",
        "这一列和第 {other} 列都被认作「{title}」，无法确定用哪一列。",
        "每一项内容（如户主姓名、保障金额）只能有一列。",
        "删除或改名多余的一列（例如把家庭成员姓名列改名为“成员姓名”）。",
    ),
    CodeEntry(
        "ingest-headers-file-invalid", "error", "导入名册", "列名对照文件有误",
        "ingest_headers.yml 有误：{reason}。",
        "项目根目录的 ingest_headers.yml 写本地的列名写法，格式为“字段名: [列名, 列名]”。",
        "按 README 中“导入名册”一节的说明修改；字段名只能用说明中列出的英文名。",
    ),
    CodeEntry(
        "ingest-value-missing", "error", "导入名册", "名册中必填的单元格为空",
        "「{title}」为空。",
        "这一项是公开名册或核对必需的内容。",
        "在原始名册中补填该单元格后重新导入。",
    ),
    CodeEntry(
        "ingest-value-invalid", "error", "导入名册", "名册中的单元格无法识别",
        "「{title}」无法识别：{expected}。",
        "导入时会去掉空格、统一全角数字，并识别“1,260.00元”“2025年3月”等写法；这个单元格仍然无法识别。",
        "按提示改写该单元格；月份和日期列可设为文本格式，写成 2025-03 或 2025-03-15。",
    ),
    CodeEntry(
        "ingest-id-invalid", "error", "导入名册", "身份证号不对",
        "身份证号{reason}。",
        "本月和上月的名册按身份证号对应同一户，号码有误会把同一户算成一户停保、一户新增。",
        "核对该户的身份证号；Excel 中身份证号列要设为文本格式，否则后三位会变成 0。",
    ),
    CodeEntry(
        "ingest-id-duplicate", "error", "导入名册", "同一身份证号出现两次",
        "身份证号与第 {first_row} 行相同：同一户（人）在本月名册中出现了两次。",
        "低保名册一户一行，特困名册一人一行，同一身份证号不能出现两次。",
        "删除重复的一行，或更正其中一行的身份证号。",
    ),
    CodeEntry(
        "ingest-name-unmaskable", "error", "导入名册", "姓名无法脱敏",
        "姓名无法处理成“姓+某”：{reason}。",
        "公开名册只保留姓（复姓保留两个字，带“·”的姓名保留第一个字）加一个“某”，其余一律不公开。",
        "核对姓名是否填在了正确的列、是否为中文全名；确需公开外文姓名的，请联系维护人员。",
    ),
    CodeEntry(
        "ingest-township-unknown", "error", "导入名册", "乡镇（街道）名称找不到",
        "乡镇（街道）名称在行政区划表中找不到{suggestion}。",
        "名册中的乡镇（街道）名称要与 datasets/areas.csv 中的名称一致，才能换成区划代码。",
        "改成行政区划表中的名称；如果是新设的乡镇（街道），请先在 areas.csv 中登记。",
    ),
    CodeEntry(
        "ingest-village-unknown", "error", "导入名册", "村（社区）名称找不到",
        "村（社区）名称在「{township}」下找不到{suggestion}。",
        "村（社区）名称只在本乡镇（街道）内唯一，要与 datasets/areas.csv 中该乡镇下的名称一致。",
        "改成行政区划表中的名称，并确认乡镇（街道）一列填得对；新设的村（社区）请先在 areas.csv 中登记。",
    ),
    CodeEntry(
        "ingest-month-mismatch", "error", "导入名册", "名册的月份与命令不符",
        "{where}写的是 {found}，与命令指定的月份 {month} 不符。",
        "防止把上个月的名册当作本月导入。",
        "确认文件是本月的名册，或改正命令中的 --month。",
    ),
    CodeEntry(
        "ingest-total-mismatch", "error", "导入名册", "合计行与各行之和不符",
        "合计行的{what}为 {declared}，各行相加为 {computed}。",
        "名册的合计行应等于各行之和；不相等通常是漏了行、多了行或有行被隐藏。",
        "核对名册是否完整（含隐藏行和筛选），或更正合计行。",
    ),
    CodeEntry(
        "ingest-already-ingested", "error", "导入名册", "这个月的名册已经导入过",
        "{month} 的{program}名册已经导入过（{path}）。如确需用新名册替换，请在命令后加 --replace，旧文件会保存在 revisions/ 中。",
        "每月的名册只导入一次；重新导入会改变已公开的数据，所以要明确说明。",
        "确认要替换时运行：sunshine ingest 文件 --program … --month … --replace。",
    ),
    CodeEntry(
        "ingest-replace-not-latest", "error", "导入名册", "只能替换最近一个月的名册",
        "{program}名册已有更晚的 {later}，不能再替换 {month}：后面月份的变动记录是按现在的 {month} 计算的。",
        "替换较早的月份会让以后各月的变动记录对不上。",
        "在最近一个月之前的名册不能直接替换；请联系维护人员更正历史月份。",
    ),
    CodeEntry(
        "ingest-previous-missing", "error", "导入名册", "找不到上月名册，无法计算变动",
        "数据包中有 {previous} 的{program}名册，但找不到上月导入时保存的记录（.private/state/），无法计算 {month} 的新增、停保和增减。",
        "本月变动按身份证号与上月名册逐户比较得出；上月的记录只保存在本机 .private/ 中（不公开）。",
        "用 --previous 指定上月的原始名册文件重新运行；如果换了电脑，请从备份恢复 .private/ 文件夹。",
    ),
    CodeEntry(
        "ingest-overlap", "error", "导入名册", "同月同时享受低保和特困供养",
        "这一户（人）在 {month} 也在{other}名册中（{path} 第 {other_row} 行）；同一月不能既享受低保又享受特困供养。",
        "特困人员与低保不能在同一月重复享受，按身份证号比对。",
        "核实该户（人）本月应享受哪一项，从另一份名册中删除。",
    ),
    CodeEntry(
        "ingest-stop-still-listed", "error", "导入名册", "停保的户仍在本月名册中",
        "这一行填了停保原因，但同一身份证号在第 {other_row} 行仍在本月名册中。",
        "填了停保原因的行表示该户本月停保，不能同时领取本月保障金。",
        "删除其中一行：停保就删去名册行，仍在保就清空停保原因。",
    ),
    # --- releases ------------------------------------------------------------------
    # `sunshine release` and the archive in releases/ (see generator/releases.py).
    CodeEntry(
        "release-missing", "error", "发布版本", "这个月的数据还没有发布版本",
        "{month} 的数据已经在数据包中，但还没有发布版本：校验没有其他问题后，运行 sunshine release --month {month}。",
        "每个月的数据都要定稿成一个发布版本（releases/ 中的一个文件夹），网站的发布记录、订阅和历史下载都来自它。",
        "运行 `sunshine release --month 月份`，把生成的 releases/月份/ 文件夹和数据一起提交。",
    ),
    CodeEntry(
        "release-stale", "error", "发布版本", "已发布月份的数据被改动了",
        "{month} 已经发布，但之后这些输入文件改动了：{files}。发布过的数据不能悄悄改变：如果这是更正，"
        "运行 sunshine release --month {month} --correction \"更正说明\"，作为第 {revision} 版发布。",
        "公众和记者下载过的数据必须能核对；改动已发布的月份只能作为更正发布，并附更正说明。",
        "是更正：运行 `sunshine release --month 月份 --correction \"更正说明\"`，说明更正了什么；"
        "不是有意的改动：从版本库恢复这些文件（`git checkout -- 文件名`）。",
    ),
    CodeEntry(
        "release-damaged", "error", "发布版本", "已发布的文件被改动了",
        "已发布的版本被改动：{reason}。发布过的文件永远不能修改、删除或增加。",
        "releases/ 中的文件已经在网站上公开，SHA256SUMS 记录了它们的校验值；记者会用它核对下载的文件。",
        "从版本库恢复 releases/ 中的这个文件夹（`git checkout -- releases/`）。要更正数据，改 datasets/ 中的文件，"
        "再用 `sunshine release --month 月份 --correction \"更正说明\"` 发布新版本。",
    ),
    CodeEntry(
        "release-month-unknown", "error", "发布版本", "没有这个月的数据",
        "数据包中没有 {month} 的名册，无法发布这个月。",
        "发布版本按名册的月份划分。",
        "先用 `sunshine ingest` 导入这个月的名册；或检查 --month / --since 是否写错（格式 2026-01）。",
    ),
    CodeEntry(
        "release-correction-unneeded", "error", "发布版本", "这个月还没有发布过，无需更正",
        "{month} 还没有发布过，不能作为更正发布。",
        "更正说明只用于改动已经发布的月份。",
        "去掉 --correction，直接运行 `sunshine release --month {month}`。",
    ),
]

CATALOGUE: dict[str, CodeEntry] = {entry.code: entry for entry in _ENTRIES}
assert len(CATALOGUE) == len(_ENTRIES), "duplicate problem code"
