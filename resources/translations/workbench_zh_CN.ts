<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs/small.py" line="74"/>
        <source>About Analyst Workbench</source>
        <translation>关于分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="81"/>
        <source>(licence file missing)</source>
        <translation>（许可证文件缺失）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="90"/>
        <source>WenQuanYi Micro Hei font</source>
        <translation>文泉驿微米黑字体</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="94"/>
        <source>Analyst Workbench</source>
        <translation>分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="95"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="96"/>
        <source>An offline desk tool for a broker’s weekly sector report.</source>
        <translation>离线的券商行业周报制作工具。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="97"/>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="97"/>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="97"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="97"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="98"/>
        <source>Bundled font licence</source>
        <translation>内置字体许可证</translation>
    </message>
</context>
<context>
    <name>AddCompanyDialog</name>
    <message>
        <location filename="../../ui/dialogs/small.py" line="232"/>
        <source>Add company</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="244"/>
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="245"/>
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="246"/>
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
</context>
<context>
    <name>AnalystsTable</name>
    <message>
        <location filename="../../ui/dialogs/house.py" line="98"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="98"/>
        <source>SAC registration no.</source>
        <translation>执业证书编号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="98"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="105"/>
        <source>Add analyst</source>
        <translation>添加分析师</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="106"/>
        <source>Remove analyst</source>
        <translation>删除分析师</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="111"/>
        <source>Each signing analyst prints with the SAC registration number: S or A followed by 13 digits. An analyst who signs an issue cannot be removed.</source>
        <translation>署名分析师在报告中印有执业证书编号：S 或 A 加 13 位数字。已署名周报的分析师不能删除。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="172"/>
        <source>Analyst row %1: %2</source>
        <translation>分析师第 %1 行：%2</translation>
    </message>
</context>
<context>
    <name>ChartArea</name>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="175"/>
        <source>Selected company</source>
        <translation>所选公司</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="346"/>
        <source>Industry index vs %1</source>
        <translation>行业指数与%1比较</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="347"/>
        <source>Industry index vs the benchmark</source>
        <translation>行业指数与基准指数比较</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="363"/>
        <source>No market data in this store yet: import the week&apos;s index quotes (Import) to draw them here</source>
        <translation>数据库中还没有行情：导入本周的指数行情（导入）后在此绘制</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="387"/>
        <source>%1: too few common dates to draw</source>
        <translation>%1：共同日期太少，无法绘制</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="398"/>
        <source>Select a company to see its revenue and net profit</source>
        <translation>选择一家公司以查看其营业收入与归母净利润</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="406"/>
        <source>No revenue or net profit for %1</source>
        <translation>%1 没有营业收入或归母净利润数据</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="60"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="51"/>
        <source>Export this chart as PNG or SVG</source>
        <translation>将此图导出为 PNG 或 SVG</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="52"/>
        <source>Nothing to export: this chart has no data</source>
        <translation>此图没有数据，无可导出</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="63"/>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chart_area.py" line="64"/>
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="375"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="375"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/charts.py" line="376"/>
        <location filename="../../ui/widgets/charts.py" line="384"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../ui/models/companies.py" line="18"/>
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="19"/>
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="21"/>
        <source>Full name</source>
        <translation>公司全称</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="23"/>
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="25"/>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="50"/>
        <source>The ticker cannot be empty.</source>
        <translation>代码不能为空。</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="57"/>
        <source>The company name cannot be empty.</source>
        <translation>公司简称不能为空。</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="71"/>
        <source>Delete %1 companies (%2) with all their financial data?</source>
        <translation>删除 %1 家公司（%2）及其全部财务数据？</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="81"/>
        <source>Change ticker %1</source>
        <translation>修改代码 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="83"/>
        <source>Delete companies</source>
        <translation>删除公司</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="85"/>
        <source>Add company %1</source>
        <translation>新增公司 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="90"/>
        <source>Edit %1 %2</source>
        <translation>编辑 %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/companies.py" line="91"/>
        <source>Edit company</source>
        <translation>编辑公司</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="146"/>
        <source>Desk conflicts</source>
        <translation>团队冲突</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="148"/>
        <source>When the same value was changed here and on the desk since they last agreed, the desk&apos;s value stays in both places and yours is kept here. Keep mine writes yours back (the next sync sends it); Keep theirs keeps the desk&apos;s.</source>
        <translation>同一数据自上次同步后在本机和团队库都被修改时，两边都保留团队库的值，你的值保存在这里。“保留我的”把你的值写回（下次同步发送到团队库）；“保留团队库的”保持团队库的值。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="151"/>
        <source>Refused by the desk: the desk did not take a change of yours, for the reason given; Held back here: a change this workstation does not send yet, for the reason given.</source>
        <translation>“团队库拒绝”：团队库没有接受你的这项修改，原因列在“类型”一栏；“暂缓推送”：本机暂不发送的修改，原因同样列出。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="157"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="157"/>
        <source>What</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="157"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="157"/>
        <location filename="../../ui/desk/conflicts_view.py" line="376"/>
        <source>Mine</source>
        <translation>我的值</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="158"/>
        <location filename="../../ui/desk/conflicts_view.py" line="376"/>
        <source>Theirs (the desk&apos;s, as last synced)</source>
        <translation>团队库的值（上次同步所知）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="193"/>
        <source>No open conflicts.</source>
        <translation>没有未解决的冲突。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="195"/>
        <source>Keep &amp;Mine</source>
        <translation>保留我的(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="196"/>
        <source>Write this workstation&apos;s value back; the next sync sends it to the desk</source>
        <translation>写回本机的值；下次同步发送到团队库</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="199"/>
        <source>Keep &amp;Theirs</source>
        <translation>保留团队库的(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="200"/>
        <source>Keep the desk&apos;s value (already in this store)</source>
        <translation>保留团队库的值（已在本数据文件中）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="224"/>
        <source>Changed on both sides</source>
        <translation>两边都改过</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="224"/>
        <source>Refused by the desk</source>
        <translation>团队库拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="225"/>
        <source>Refused by this store</source>
        <translation>本机拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="232"/>
        <source>who and when not known here</source>
        <translation>修改人和时间本机不详</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="234"/>
        <source>(who not known)</source>
        <translation>（修改人不详）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="235"/>
        <source>(time not known)</source>
        <translation>（时间不详）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="239"/>
        <source>, pushed %1</source>
        <translation>，推送于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="243"/>
        <source>Financials</source>
        <translation>财务数据</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="243"/>
        <source>Index quote</source>
        <translation>指数行情</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="243"/>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="244"/>
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="244"/>
        <source>Index</source>
        <translation>指数</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="244"/>
        <source>Analyst</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="245"/>
        <source>House profile</source>
        <translation>机构信息</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="245"/>
        <source>Chart data</source>
        <translation>图表数据</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="245"/>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="246"/>
        <source>Issue</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="246"/>
        <source>Issue status log</source>
        <translation>周报状态记录</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="247"/>
        <source>Published version</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="297"/>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="305"/>
        <source>(none on the desk)</source>
        <translation>（团队库没有此项）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="315"/>
        <source>Held back here</source>
        <translation>暂缓推送（本机）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="338"/>
        <source>At the conflict: %1</source>
        <translation>冲突发生时：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="343"/>
        <source>(none here)</source>
        <translation>（本机没有此项）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="375"/>
        <source>Each part that differs, in full; the differences are highlighted.</source>
        <translation>以下为各处不同部分的全文，不同之处已高亮。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="377"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/conflicts_view.py" line="394"/>
        <source>Shown in part in the table above, here in full:</source>
        <translation>上表中只显示了一部分，全文如下：</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="59"/>
        <source>Connect to the desk server</source>
        <extracomment>the desk named the user&apos;s role, and the role withholds part of the store: the plan shown again with what the desk will not take, for the user to agree to (nothing was sent) the desk role whose note the user has seen (the next join with that role goes ahead)</extracomment>
        <translation>连接团队服务器</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="67"/>
        <source>leave empty to use the password file or keyring</source>
        <translation>留空则使用密码文件或系统钥匙串</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="74"/>
        <source>Server &amp;address:</source>
        <translation>服务器地址(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="75"/>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="76"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="77"/>
        <source>For TLS add it to the address, e.g. ?sslmode=verify-full&amp;sslrootcert=FILE. The password is kept in the system keyring or libpq&apos;s password file (readable only by you), never in the store or the settings.</source>
        <translation>团队服务器要求加密连接时，按管理员给的地址填写（地址后带有 ?sslmode=verify-full&amp;sslrootcert=证书文件 之类的参数）。密码保存在系统钥匙串或本机的 PostgreSQL 密码文件（仅你可读），从不保存在数据文件或设置中。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="84"/>
        <source>This store already belongs to this desk: connecting synchronises it.</source>
        <translation>此数据文件已加入该团队库：连接后立即同步。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="95"/>
        <source>Keep both issues: the local one goes to the desk as a second issue of that week (nothing is merged or lost)</source>
        <translation>两期都保留：本地的这一期作为同周的第二期推送到团队库（不合并，也不丢失任何内容）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="99"/>
        <source>&amp;Join</source>
        <translation>加入(&amp;J)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="99"/>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="116"/>
        <source>This store is empty: joining fills it with the desk&apos;s data.</source>
        <translation>此数据文件为空：加入后从团队库接收全部数据。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="119"/>
        <source>This store holds data: joining pushes it to the desk, where it meets the desk&apos;s rows like any other change: %1</source>
        <translation>此数据文件已有数据：加入时会推送到团队库，并像其他修改一样与团队库的数据合并：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="124"/>
        <source>analyst</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="124"/>
        <source>editor</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="125"/>
        <source>Your desk role is %1. Only an administrator may change the house profile and the analyst register: what this store holds of them that the desk lacks or holds otherwise will be listed as refused, and an issue signed by analysts the desk lacks is held back until an administrator registers them. Nothing has been sent yet.</source>
        <translation>你的团队库角色是%1。机构信息和分析师名册只有管理员可以修改：本数据文件中团队库没有或不同的部分会列为团队库拒绝，署名团队库没有的分析师的周报暂缓推送，直到管理员登记这些分析师。目前还没有推送任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="131"/>
        <source>&amp;Join anyway</source>
        <translation>仍然加入(&amp;J)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="139"/>
        <source>house profile</source>
        <translation>机构信息</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="139"/>
        <source>analysts</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="139"/>
        <source>segments</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="140"/>
        <source>indices</source>
        <translation>指数</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="140"/>
        <source>companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="140"/>
        <source>facts</source>
        <translation>财务数据</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="141"/>
        <source>quotes</source>
        <translation>指数行情</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="141"/>
        <source>chart datasets</source>
        <translation>图表数据</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="141"/>
        <source>notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="142"/>
        <source>issues</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="142"/>
        <source>status log entries</source>
        <translation>状态记录</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="143"/>
        <source>published versions</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="152"/>
        <source>Details: %1</source>
        <translation>详情：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="193"/>
        <source>Joining was cancelled; what was synchronised so far is kept, and the next sync completes it.</source>
        <translation>已取消加入；已同步的部分保留，下次同步会完成其余部分。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="217"/>
        <source>Joining the desk…</source>
        <translation>正在加入团队库…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="219"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="250"/>
        <source>The desk already has an issue for the same series and week: %1. Joining would make a second one. Delete or re-date the local one first, or tick “Keep both issues” and join again. The store is unchanged.</source>
        <translation>团队库已有同一系列、同一周的周报：%1。加入会产生第二期。请先删除本地的这一期或修改其日期，或勾选“两期都保留”后再加入。数据库未改变。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="257"/>
        <source>No password is saved on this workstation for this desk user. Type the password above and join again.</source>
        <translation>本机没有保存该用户的密码。请在上面输入密码后再加入。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/connect_dialog.py" line="265"/>
        <source>Joining failed: %1</source>
        <translation>加入失败：%1</translation>
    </message>
</context>
<context>
    <name>DataTableView</name>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="35"/>
        <source>Percentages</source>
        <translation>百分数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="36"/>
        <source>Fractions</source>
        <translation>小数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="307"/>
        <source>Row %1 (%2), %3: %4</source>
        <translation>第 %1 行（%2）· %3：%4</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="359"/>
        <source>Copied %1 × %2 cells</source>
        <translation>已复制 %1 × %2 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="390"/>
        <source>The pasted block (%1 × %2) does not fit in the table here.</source>
        <translation>粘贴区域（%1 × %2）超出表格范围。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="407"/>
        <location filename="../../ui/widgets/table_view.py" line="518"/>
        <source>%1 cannot be edited here.</source>
        <translation>此处不能编辑“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="417"/>
        <source>Nothing to change</source>
        <translation>没有需要修改的内容</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="420"/>
        <source>Check the values</source>
        <translation>请核对数值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="423"/>
        <source>Paste %1 cells</source>
        <translation>粘贴 %1 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="428"/>
        <source>Pasted %1 cells</source>
        <translation>已粘贴 %1 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="468"/>
        <source>Percentages or fractions?</source>
        <translation>百分数还是小数？</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="469"/>
        <source>The figures pasted into %1 state no unit and are all below 1, such as %2. Percentages (%2 is %2%) or fractions (%2 is %3%)?</source>
        <translation>粘贴到 %1 的数字未注明单位，且都小于 1（如 %2）：是百分数（%2 即 %2%）还是小数（%2 即 %3%）？</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="500"/>
        <source>Nothing to delete</source>
        <translation>没有可删除的内容</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="502"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="527"/>
        <location filename="../../ui/widgets/table_view.py" line="529"/>
        <source>Cut %1 cells</source>
        <translation>剪切 %1 个单元格</translation>
    </message>
</context>
<context>
    <name>DeskController</name>
    <message>
        <location filename="../../ui/desk/controller.py" line="169"/>
        <source>Connect to the &amp;Desk Server…</source>
        <translation>连接团队服务器(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="170"/>
        <source>Join this store to the team&apos;s desk server, or connect it again</source>
        <translation>将此数据文件加入团队服务器，或重新连接</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="172"/>
        <source>S&amp;ync Now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="174"/>
        <source>Send this store&apos;s changes to the desk and fetch everyone else&apos;s</source>
        <translation>把本机的修改发送到团队库，并取回其他人的修改</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="177"/>
        <source>&amp;Desk Conflicts…</source>
        <translation>团队冲突(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="178"/>
        <source>Values the desk kept over this workstation&apos;s: settle them</source>
        <translation>团队库保留而未采用本机的值：逐一处理</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="180"/>
        <source>S&amp;witch User…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="182"/>
        <source>Sync this store as another desk user of the same desk</source>
        <translation>以同一团队库的另一用户身份同步此数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="185"/>
        <source>Make a &amp;New Workstation…</source>
        <translation>设为新的工作站(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="187"/>
        <source>Give this store, a copy of another workstation&apos;s file, a workstation id of its own, then sync</source>
        <translation>为此数据文件（另一工作站数据文件的副本）设立自己的工作站标识，然后同步</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="371"/>
        <source>Not synchronised: %1</source>
        <translation>未同步：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="373"/>
        <source> (changes are kept here and synchronised when the desk is back)</source>
        <translation>（修改保存在本机，团队服务器恢复后自动同步）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="625"/>
        <source>Joined the desk: %1</source>
        <translation>已加入团队库：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="731"/>
        <source>Copy of Another Workstation</source>
        <translation>另一工作站的副本</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="733"/>
        <source>The desk refuses to sync this store: its workstation id is %1&apos;s. This store is a copy of %1&apos;s workstation file.</source>
        <translation>团队服务器拒绝同步此数据文件：它的工作站标识属于 %1。此数据文件是 %1 的工作站数据文件的副本。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="736"/>
        <source>Make it a workstation of its own (Desk Server → Make a New Workstation…): it gets a new workstation id, and the next sync sends the changes the desk has not confirmed. Nothing in this store is lost. Until then the work here goes on, and nothing is synced.</source>
        <translation>将其设为新的工作站（团队服务器 → 设为新的工作站…）：它将获得新的工作站标识，下次同步会发送团队库尚未确认的修改。此数据文件中的内容不会丢失。在此之前可继续在本机工作，但不会同步。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="741"/>
        <source>Make a New Workstation…</source>
        <translation>设为新的工作站…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="742"/>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="774"/>
        <location filename="../../ui/desk/controller.py" line="821"/>
        <location filename="../../ui/desk/controller.py" line="841"/>
        <location filename="../../ui/desk/controller.py" line="863"/>
        <source>Make a New Workstation</source>
        <translation>设为新的工作站</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="775"/>
        <source>This store is a copy of another workstation&apos;s file: %1.</source>
        <translation>此数据文件是另一工作站数据文件的副本：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="776"/>
        <source>Make it a workstation of its own? It gets a new workstation id, and the desk takes its syncs again. The changes the desk has not confirmed are sent by the next sync, under the new id; a value someone changed since on the desk is listed as a conflict. Nothing in this store is lost: its data stays as it is.</source>
        <translation>要将其设为新的工作站吗？它将获得新的工作站标识，团队服务器将重新接受它的同步。团队库尚未确认的修改会在下次同步时以新标识发送；他人此后在团队库中改动的值会列为冲突。此数据文件中的内容不会丢失，数据保持不变。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="822"/>
        <source>This store is a workstation of its own: it is not a copy of another workstation&apos;s file, or a sync has made it one already. Nothing was changed.</source>
        <translation>此数据文件已是独立的工作站：它不是其他工作站数据文件的副本，或同步时已将其设为独立的工作站。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="824"/>
        <source>Workstation id: %1</source>
        <translation>工作站标识：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="842"/>
        <source>This store is a workstation of its own now; it syncs at once.</source>
        <translation>此数据文件现已是独立的工作站，正在同步。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="859"/>
        <source>The desk could not be asked whether this store is a copy of another workstation&apos;s file: nothing was changed.</source>
        <translation>无法向团队服务器确认此数据文件是否为副本：未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/controller.py" line="862"/>
        <source>Try again when the desk can be reached.</source>
        <translation>请在能连接团队服务器时再试。</translation>
    </message>
</context>
<context>
    <name>DeskStatusWidget</name>
    <message>
        <location filename="../../ui/desk/status.py" line="85"/>
        <source>Make a New Workstation…</source>
        <translation>设为新的工作站…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="109"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="109"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="109"/>
        <source>Desk refused</source>
        <translation>团队库拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="110"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="110"/>
        <source>Waiting for the desk…</source>
        <translation>等待团队服务器…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="111"/>
        <source>Synchronising…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="113"/>
        <source>Connected to the desk server: changes are synchronised</source>
        <translation>已连接团队服务器：修改会同步</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="114"/>
        <source>The desk server cannot be reached: work continues locally and is synchronised when it is back</source>
        <translation>无法连接团队服务器：可继续在本机工作，服务器恢复后自动同步</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="116"/>
        <source>The desk server refused this workstation</source>
        <translation>团队服务器拒绝了本机</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="117"/>
        <location filename="../../ui/desk/status.py" line="118"/>
        <source>Synchronising with the desk server…</source>
        <translation>正在与团队服务器同步…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="119"/>
        <source>The desk server has not answered yet (busy, or another session holds what the sync needs): work continues locally; the sync gives up by itself and is tried again later</source>
        <translation>团队服务器尚未响应（繁忙，或其他会话占用了同步所需的数据）：可继续在本机工作；同步会自行放弃，稍后重试</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="127"/>
        <source>Desk user: %1</source>
        <translation>团队库用户：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="129"/>
        <source>Copy of %1&apos;s workstation</source>
        <translation>%1 的工作站的副本</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="131"/>
        <source>The desk refuses this store&apos;s syncs: its workstation id is %1&apos;s (this store is a copy of their workstation&apos;s file). Make it a workstation of its own (Desk Server → Make a New Workstation…); nothing in it is lost</source>
        <translation>团队服务器拒绝此数据文件的同步：它的工作站标识属于 %1（此数据文件是其工作站数据文件的副本）。将其设为新的工作站（团队服务器 → 设为新的工作站…），数据不会丢失</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="137"/>
        <source>Give this store a workstation id of its own, then sync (asked first)</source>
        <translation>为此数据文件设立自己的工作站标识，然后同步（会先询问）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="160"/>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="161"/>
        <source>Never synchronised</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="164"/>
        <source>%1 to push</source>
        <translation>待推送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="165"/>
        <source>Local changes waiting for the next sync</source>
        <translation>等待下次同步的本机修改</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="167"/>
        <source>%1 held back</source>
        <translation>暂缓推送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="168"/>
        <source>%1 of this workstation&apos;s changes are held back: the desk does not take them yet (see the conflicts: each says why and what settles it)</source>
        <translation>本机有 %1 项修改暂缓推送：团队库暂不接受（见团队冲突，每项写明原因和处理办法）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="172"/>
        <source>%1 conflicts</source>
        <translation>冲突 %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="173"/>
        <source>Values the desk kept over this workstation&apos;s: click to settle them</source>
        <translation>团队库保留而未采用本机的值：点击处理</translation>
    </message>
    <message>
        <location filename="../../ui/desk/status.py" line="186"/>
        <source>Clock off</source>
        <translation>时钟不准</translation>
    </message>
</context>
<context>
    <name>DeskWords</name>
    <message>
        <location filename="../../ui/desk/words.py" line="21"/>
        <source>nobody answers at that address and port: the server is not running, or the address or port is wrong</source>
        <extracomment>the reasons the app words itself; what the driver&apos;s text means is the core&apos;s to judge (workbench.desk.errors.failure_kind), as for the final&apos;s offline warning</extracomment>
        <translation>该地址和端口无人应答：服务器未运行，或地址、端口有误</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="24"/>
        <source>the server&apos;s name cannot be found: check the address</source>
        <translation>找不到该服务器名称：请检查地址</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="26"/>
        <source>there is no such desk database on the server: check the name at the end of the address</source>
        <translation>服务器上没有这个团队库：请检查地址末尾的数据库名</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="29"/>
        <source>the server did not answer in time: check the address and the network</source>
        <translation>服务器未及时应答：请检查地址和网络</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="32"/>
        <source>the secure connection could not be set up: check the TLS options in the address</source>
        <translation>无法建立加密连接：请检查地址中的 TLS 选项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="34"/>
        <source>the server does not accept connections from this workstation: ask the desk&apos;s administrator</source>
        <translation>服务器不接受本机的连接：请联系团队库管理员</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="61"/>
        <source>There is no desk on this server. Check the address, or ask the desk&apos;s administrator to set up the desk.</source>
        <translation>该服务器上没有团队库。请核对地址，或联系团队库管理员建立团队库。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="64"/>
        <source>The desk on this server is older than this workbench. Ask the desk&apos;s administrator to upgrade the desk.</source>
        <translation>该服务器上的团队库版本比本程序旧。请联系团队库管理员升级团队库。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="67"/>
        <source>This store is joined to this desk as another desk user. To sync it as this user, use Desk Server → Switch User….</source>
        <translation>此数据文件已以另一团队库用户加入该团队库。要以此用户同步，请用 团队服务器 → 切换用户…。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="70"/>
        <source>No password is saved on this workstation for the desk user. Connect again with the password (File → Connect to the Desk Server…).</source>
        <translation>本机没有保存团队库用户的密码。请用密码重新连接（文件 → 连接团队服务器…）。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="108"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="115"/>
        <location filename="../../ui/desk/words.py" line="118"/>
        <source>The desk server could not be used</source>
        <translation>无法使用团队服务器</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="164"/>
        <source>This store is a copy of another workstation&apos;s file: it is a workstation of its own now, and nothing in it is lost</source>
        <translation>此数据文件是另一工作站文件的副本：已设为独立的工作站，数据没有任何丢失</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="176"/>
        <source>%1 pushed</source>
        <translation>推送 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="177"/>
        <source>%1 pulled</source>
        <translation>拉取 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="178"/>
        <source>%1 conflicts</source>
        <translation>冲突 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="180"/>
        <source>%1 refused</source>
        <translation>被拒绝 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="182"/>
        <source>%1 settled by themselves</source>
        <translation>自动解决 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="191"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="193"/>
        <source>in review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="195"/>
        <source>final</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location filename="../../ui/desk/words.py" line="206"/>
        <source>(here: %1 v%2; on the desk: %3)</source>
        <translation>（本地：%1 v%2；团队库：%3）</translation>
    </message>
</context>
<context>
    <name>DiffTableModel</name>
    <message>
        <location filename="../../ui/views/diff.py" line="51"/>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="51"/>
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="51"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="51"/>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="51"/>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="52"/>
        <source>Change</source>
        <translation>涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="52"/>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="84"/>
        <source>Forecast revised</source>
        <translation>预测调整</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <location filename="../../ui/views/diff.py" line="154"/>
        <source>Swap the two issues</source>
        <translation>交换两期</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="156"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="158"/>
        <source>Forecast revisions only</source>
        <translation>仅显示预测调整</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="183"/>
        <source>What</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="183"/>
        <location filename="../../ui/views/diff.py" line="196"/>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="183"/>
        <location filename="../../ui/views/diff.py" line="199"/>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="209"/>
        <source>Figures in the comparison table</source>
        <translation>对比表中的数字</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="214"/>
        <source>Headline, rating, themes and companies</source>
        <translation>标题、评级、主题与公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="247"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="247"/>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="248"/>
        <source>Final</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="260"/>
        <source>Two issues are needed for a comparison.</source>
        <translation>比较需要两期周报。</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="320"/>
        <source>Headline, rating and themes</source>
        <translation>标题、评级与主题</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="321"/>
        <source>Companies added</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="321"/>
        <location filename="../../ui/views/diff.py" line="322"/>
        <source>in the table</source>
        <translation>表中</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="322"/>
        <source>Companies removed</source>
        <translation>移除公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="323"/>
        <source>Segment changes</source>
        <translation>板块变动</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="325"/>
        <source>Table columns</source>
        <translation>对比表的列</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="327"/>
        <source>No changes between the two issues.</source>
        <translation>两期之间没有变化。</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="330"/>
        <source>%1 figures changed, %2 of them forecast revisions · %3 companies added, %4 removed · %5 other changes</source>
        <translation>%1 个数字变动，其中 %2 个为预测调整 · 新增 %3 家公司，移除 %4 家 · 其他变动 %5 处</translation>
    </message>
    <message>
        <location filename="../../ui/views/diff.py" line="338"/>
        <source>No changes in headline, rating, themes or companies</source>
        <translation>标题、评级、主题与公司均无变化</translation>
    </message>
</context>
<context>
    <name>EditorLease</name>
    <message>
        <location filename="../../ui/desk/lease.py" line="122"/>
        <source>Take Over…</source>
        <translation>接手编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="123"/>
        <source>End the holder&apos;s lease and edit this draft here (a desk editor may)</source>
        <translation>结束持有人的租约，在本机编辑此稿（团队库编辑可用）</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="233"/>
        <source>%1 holds this draft (since %2, until %3). Take it over and edit it here?

%1&apos;s lease ends now. What %1 saves from now on, and any save of theirs not yet synchronised, is refused by the desk at their next sync: it stays on their workstation, listed as a conflict, and never replaces your text while you hold the draft. Once you close the draft, their next sync sends it again: a change to text you did not change lands then; where you changed the same text, yours stays and theirs stays listed as a conflict for them to settle.</source>
        <translation>%1 正在编辑此稿（自 %2 至 %3）。接手后在本机编辑？

%1 的租约随即结束。%1 此后保存的、以及已保存但尚未同步的修改，会在其下次同步时被团队库拒绝：留在其本机并列为冲突，在你持有此稿期间不会覆盖你的文字。你关闭此稿后，其下次同步会重新推送：你没有改动的地方，其修改随即生效；你也改动过的地方，保留你的文字，其修改仍列为冲突，由其处理。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="242"/>
        <source>Take Over the Draft</source>
        <translation>接手编辑此稿</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="277"/>
        <source>The draft could not be taken over: %1</source>
        <translation>未能接手此稿：%1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="304"/>
        <source>You are editing this draft: others can only read it until you close it (lease until %1).</source>
        <translation>你正在编辑此稿：关闭前其他人只能查看（打开期间自动续期，当前租约至 %1）。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="307"/>
        <source>%1 now holds this draft (since %2, until %3). Your changes here are kept, and the next sync brings them back to you as a conflict copy; they never replace %1&apos;s text.</source>
        <translation>%1 现在持有此稿（自 %2 至 %3）。你在这里的修改会保留，下次同步时作为冲突副本返回给你，不会覆盖 %1 的文本。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="310"/>
        <source>Read-only: %1 is editing this draft (since %2, until %3). It opens for editing when they close it.</source>
        <translation>只读：%1 正在编辑此稿（自 %2 至 %3）。对方关闭后即可编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="313"/>
        <source>Offline: the desk server cannot be reached, so this draft&apos;s lease could not be taken. You can edit; if someone else holds the draft meanwhile, the next sync brings your work back as a conflict copy instead of writing over theirs.</source>
        <translation>离线：无法连接团队服务器，未能取得此稿的编辑租约。你可以编辑；若此间他人持有此稿，下次同步会把你的修改作为冲突副本返回，而不会覆盖对方的文本。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="317"/>
        <source>Asking the desk server whether someone else is editing this draft…</source>
        <translation>正在向团队服务器确认是否有他人在编辑此稿…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/lease.py" line="319"/>
        <source>The draft&apos;s lease could not be taken: %1. You can edit; work that the desk refuses comes back as a conflict copy.</source>
        <translation>未能取得此稿的编辑租约：%1。你可以编辑；团队库拒绝的修改会作为冲突副本返回。</translation>
    </message>
</context>
<context>
    <name>FactHistoryDialog</name>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="113"/>
        <source>Where is this from — %1</source>
        <extracomment>The kinds of a company&apos;s figures: a change to one is shown as written (``values_written``), and a current value the report&apos;s rounding shortens names the stored figure (``stored_figure``).</extracomment>
        <translation>数据来源 — %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="118"/>
        <source>Current value: %1</source>
        <translation>当前值：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="123"/>
        <source> (stored: %1)</source>
        <translation>（库中 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="125"/>
        <source>Came from: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="132"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>FiguresEditor</name>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="24"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="24"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="24"/>
        <source>Series</source>
        <translation>数据系列</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="24"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="24"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="25"/>
        <source>Source line</source>
        <translation>资料来源</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="39"/>
        <source>Bars of a dataset</source>
        <translation>数据集柱状图</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="39"/>
        <source>Index vs benchmark</source>
        <translation>指数与基准比较</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="40"/>
        <source>Company bars</source>
        <translation>公司柱状图</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="123"/>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
</context>
<context>
    <name>FinancialsTableModel</name>
    <message>
        <location filename="../../ui/models/financials.py" line="66"/>
        <location filename="../../ui/models/financials.py" line="70"/>
        <source>Valuation</source>
        <translation>估值</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="69"/>
        <source>YTD</source>
        <translation>年初至今</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="76"/>
        <source>100m CNY</source>
        <translation>亿元</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="160"/>
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="161"/>
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="162"/>
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="296"/>
        <source>Edit companies in the Companies view.</source>
        <translation>公司信息请在“公司”视图中编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="332"/>
        <source>Negative revenue: %1%2. Only a few companies (brokers, insurers) report a negative revenue; check the sign and the unit. Store it anyway?</source>
        <translation>营业收入为负数：%1%2。只有券商、保险等少数公司会出现负的营业收入，请检查正负号和单位。仍然保存吗？</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="350"/>
        <source>Clear %1 values?</source>
        <translation>清除 %1 个数值？</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="360"/>
        <source>Clear %1 %2 %3</source>
        <translation>清除 %1 %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="361"/>
        <source>Edit %1 %2 %3</source>
        <translation>编辑 %1 %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="364"/>
        <source>Clear values</source>
        <translation>清除数值</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="377"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="385"/>
        <source>Came from: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <location filename="../../ui/models/financials.py" line="387"/>
        <source>Right-click → Where Is This From… for every change</source>
        <translation>右键 → 数据来源… 查看每一次修改</translation>
    </message>
</context>
<context>
    <name>HistoryTable</name>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="27"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="27"/>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="27"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="27"/>
        <source>From</source>
        <translation>出处</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="27"/>
        <source>As of</source>
        <translation>截至</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="27"/>
        <source>Before</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="28"/>
        <source>After</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="44"/>
        <source>No recorded changes</source>
        <translation>没有记录的修改</translation>
    </message>
</context>
<context>
    <name>HouseDialog</name>
    <message>
        <location filename="../../ui/dialogs/house.py" line="239"/>
        <source>House profile</source>
        <translation>机构信息</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="251"/>
        <source>Choose the house colour</source>
        <translation>选择机构主色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="263"/>
        <location filename="../../ui/dialogs/house.py" line="265"/>
        <source>Rating</source>
        <translation>评级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="263"/>
        <location filename="../../ui/dialogs/house.py" line="265"/>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="267"/>
        <source>Market</source>
        <translation>市场</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="267"/>
        <source>Benchmark index</source>
        <translation>基准指数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="280"/>
        <source>House name (Chinese)</source>
        <translation>机构名称（中文）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="281"/>
        <source>House name (English)</source>
        <translation>机构名称（英文）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="282"/>
        <location filename="../../ui/dialogs/house.py" line="342"/>
        <source>House colour</source>
        <translation>机构主色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="283"/>
        <source>Page footer</source>
        <translation>页脚</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="284"/>
        <source>Report series (one per line)</source>
        <translation>报告系列（每行一个）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="285"/>
        <source>Licence statement</source>
        <translation>业务资格说明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="286"/>
        <source>Number style</source>
        <translation>数字格式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="290"/>
        <source>Stock rating horizon</source>
        <translation>个股评级期限</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="291"/>
        <source>Stock ratings</source>
        <translation>个股评级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="292"/>
        <source>Industry rating horizon</source>
        <translation>行业评级期限</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="293"/>
        <source>Industry ratings</source>
        <translation>行业评级</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="294"/>
        <source>Benchmarks</source>
        <translation>基准</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="295"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="302"/>
        <source>House</source>
        <translation>机构</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="303"/>
        <source>Analysts</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="304"/>
        <source>Analyst declaration</source>
        <translation>分析师声明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="305"/>
        <source>Disclaimer</source>
        <translation>免责声明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="306"/>
        <source>Rating definitions</source>
        <translation>评级定义</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="307"/>
        <source>These texts print on every issue, drafts and future issues alike; final issues keep the texts they were published with.</source>
        <translation>这些文本会输出到每一期（草稿和今后各期）；已定稿的周报保留发布时的文本。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="386"/>
        <source>“%1” is not a colour; use the form #RRGGBB.</source>
        <translation>“%1”不是颜色；请使用 #RRGGBB 格式。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="47"/>
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="47"/>
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="48"/>
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="48"/>
        <source>Full name</source>
        <translation>公司全称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="49"/>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="49"/>
        <location filename="../../ui/dialogs/importing.py" line="309"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="50"/>
        <source>Metric name</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="50"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="51"/>
        <location filename="../../ui/dialogs/importing.py" line="261"/>
        <location filename="../../ui/dialogs/importing.py" line="310"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="51"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="639"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="53"/>
        <source>Change</source>
        <translation>涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="52"/>
        <source>Close</source>
        <comment>closing price of an index</comment>
        <translation>收盘价</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="54"/>
        <source>Index code</source>
        <translation>指数代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="54"/>
        <source>Index name</source>
        <translation>指数名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="55"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="55"/>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="56"/>
        <location filename="../../ui/dialogs/importing.py" line="67"/>
        <source>Not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="202"/>
        <location filename="../../ui/dialogs/import_questions.py" line="50"/>
        <source>%1, row %2</source>
        <translation>%1 第 %2 行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="204"/>
        <source>The index “%1” (%2) is a near match of the existing index “%3”. Is it the same index?</source>
        <translation>指数“%1”（%2）与已有指数“%3”名称相近。它们是同一个指数吗？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="207"/>
        <source>The index “%1” (%2) is a near match of “%3”, another new index of this import. Is it a different index?</source>
        <translation>指数“%1”（%2）与本次导入的另一个新指数“%3”名称相近。它是另一个指数吗？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="269"/>
        <source>Same index?</source>
        <translation>同一个指数？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="272"/>
        <source>The same index (import into “%1”)</source>
        <translation>同一个指数（导入到“%1”）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="275"/>
        <source>A new index “%1”</source>
        <translation>另一个新指数“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="278"/>
        <location filename="../../ui/dialogs/import_questions.py" line="33"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="543"/>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="555"/>
        <source>Add Files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="556"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="560"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="308"/>
        <location filename="../../ui/dialogs/importing.py" line="461"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="64"/>
        <source>Wide table</source>
        <translation>宽表</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="64"/>
        <source>Long table</source>
        <translation>长表</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="65"/>
        <source>Company list</source>
        <translation>公司列表</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="65"/>
        <source>Index quotes</source>
        <translation>指数行情</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="71"/>
        <source>%1 added, %2 updated, %3 unchanged</source>
        <translation>新增 %1，更新 %2，未变 %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="74"/>
        <source> (%1 of them confirmed as of a later date)</source>
        <translation>（其中 %1 个确认为较新的截至日期）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="84"/>
        <source>%1: %2, %3 companies, %4 figures: %5</source>
        <translation>%1：%2，%3 家公司，指标 %4 条：%5</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="88"/>
        <source>; new companies %1</source>
        <translation>；新建公司 %1 家</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="90"/>
        <source>; companies updated %1</source>
        <translation>；公司信息更新 %1 家</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="92"/>
        <source>%1: %2, %3 companies: %4</source>
        <translation>%1：%2，%3 家公司：%4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="96"/>
        <source>%1: %2, %3 indices, %4 quotes: %5</source>
        <translation>%1：%2，%3 个指数，行情 %4 条：%5</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="102"/>
        <source>; sheet read: “%1”</source>
        <translation>；读取工作表“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="110"/>
        <source>the as-of date set</source>
        <translation>所设截至日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="111"/>
        <source>found in the file</source>
        <translation>取自文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="112"/>
        <source>the latest trade date in the file</source>
        <translation>文件中最新的交易日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="113"/>
        <source>each row&apos;s date in the file&apos;s as-of column, the latest shown</source>
        <translation>各行的截至日期列，此为最新</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="114"/>
        <source>⚠ the file&apos;s modification time, not necessarily the data&apos;s date</source>
        <translation>⚠ 取自文件的修改时间，不一定是数据的日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="117"/>
        <source>; as of %1 (%2)</source>
        <translation>；截至 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="118"/>
        <source>; as of %1</source>
        <translation>；截至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="125"/>
        <source>Total: companies %1; figures %2; quotes %3</source>
        <translation>合计：公司 %1；指标 %2；行情 %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="308"/>
        <source>Read as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="309"/>
        <source>Map to</source>
        <translation>映射为</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="256"/>
        <location filename="../../ui/dialogs/importing.py" line="395"/>
        <source>Amount unit</source>
        <translation>金额单位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="436"/>
        <source>Choose the unit of the amounts in “%1” above (or a column&apos;s Unit below) and import again.</source>
        <translation>请在上方“%1”中选择金额的单位（或在下方该列的“单位”中选择），再导入。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="459"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="460"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="462"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="466"/>
        <source>Double-click a problem to show its row in the preview</source>
        <translation>双击问题，在预览中显示所在的行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="471"/>
        <source>Select a problem to read it in full; double-click it to go to its row.</source>
        <translation>选中一个问题可查看完整内容；双击可跳到所在的行。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="478"/>
        <source>Start with %1: choose the week&apos;s Wind, iFinD, Choice or Excel files; each is previewed with its columns recognised, then Check and Import.</source>
        <translation>先点“%1”：选择本周的 Wind、iFinD、Choice 或 Excel 文件；每个文件都会预览并识别各列，然后“检查”“导入”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="257"/>
        <location filename="../../ui/dialogs/importing.py" line="586"/>
        <source>As-of date</source>
        <translation>截至日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="616"/>
        <source>Columns (map unrecognised ones by hand; the mapping is remembered for files with the same headers)</source>
        <translation>列（未识别的列可手动映射；相同表头的文件会记住该映射）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="623"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="635"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="636"/>
        <source>Read and check every file without writing anything</source>
        <translation>读取并检查所有文件，不写入任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="637"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="675"/>
        <source>Choose files to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="677"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="737"/>
        <source>Layout: %1</source>
        <translation>版式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="739"/>
        <source>header in row %1</source>
        <translation>表头在第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="743"/>
        <source>source %1</source>
        <translation>来源 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="746"/>
        <source>%1 columns not recognised</source>
        <translation>%1 列未识别</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="337"/>
        <source>As read</source>
        <translation>按识别结果</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="343"/>
        <source>Value: %1</source>
        <translation>数值：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="805"/>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="824"/>
        <source>Row %1 is beyond the rows shown in the preview.</source>
        <translation>第 %1 行不在预览显示的范围内。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="407"/>
        <source>as of %1 (the date set)</source>
        <translation>截至 %1（所设截至日期）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="413"/>
        <source>as of %1 (the day the file was saved)</source>
        <translation>截至 %1（文件保存日期，文件中未写日期）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="414"/>
        <source>as of %1 (from the file)</source>
        <translation>截至 %1（文件中的日期）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="865"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="865"/>
        <location filename="../../ui/dialogs/importing.py" line="869"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="869"/>
        <source>Checking files…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="871"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="880"/>
        <source>Check passed; nothing written yet.</source>
        <translation>检查通过，尚未写入数据。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="888"/>
        <source>Imported.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="903"/>
        <source>Import cancelled; the store is unchanged.</source>
        <translation>导入已取消，数据未改变。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="919"/>
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="71"/>
        <source>%1 values in the files are older than the values the store holds (their as-of date is earlier), and importing would replace the newer values. Replace them with the older values?</source>
        <translation>文件中有 %1 个数值比库中的数值旧（截至日期更早），导入会替换较新的数值。要用较旧的数据覆盖吗？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="59"/>
        <source>%1, row %2: %3 %4 %5: stored %6 (as of %7), file %8 (as of %9)</source>
        <translation>%1 第 %2 行：%3 %4 %5：库中 %6（截至 %7），文件 %8（截至 %9）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="76"/>
        <source>and %1 more</source>
        <translation>另有 %1 个</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="77"/>
        <source>Older data</source>
        <translation>较旧的数据</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="78"/>
        <source>Replace with the older values</source>
        <translation>用较旧的数据覆盖</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="84"/>
        <source>The new company %1 “%2” (%3) has the name of the company %4 “%5”. Is the ticker mistyped, or is it really another listing of the same company (e.g. A+H)?</source>
        <translation>新公司 %1“%2”（%3）与公司 %4“%5”同名。是代码输错了，还是确为同一公司的另一上市主体（如 A+H）？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="93"/>
        <source>Same company?</source>
        <translation>同一家公司？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="96"/>
        <source>Another listing: create %1</source>
        <translation>另一上市主体：新建 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="106"/>
        <source>%1 (%2) is stored as “%3”, but the row names “%4”, the name of another company, %5. Is the ticker mistyped (copied from another row), or are the figures really %3&apos;s?</source>
        <translation>%1（%2）在库中为“%3”，而该行的简称“%4”是另一家公司 %5 的简称。是代码输错了（从别的行抄来），还是这些数据确为“%3”的？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="117"/>
        <source>The figures are %1&apos;s: import</source>
        <translation>确为 %1 的数据：导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="129"/>
        <source>%1: the code %2 is stored as “%3”, but the row names “%4”, the name of another index, %5. Is the code mistyped, or are the quotes really %2&apos;s?</source>
        <translation>%1：代码 %2 在库中为“%3”，而该行的名称“%4”是另一个指数 %5 的名称。是代码输错了，还是这些行情确为 %2 的？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="141"/>
        <source>Another index&apos;s name?</source>
        <translation>另一个指数的名称？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="139"/>
        <source>The quotes are %1&apos;s: import</source>
        <translation>确为 %1 的行情：导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="94"/>
        <source>If the ticker is mistyped, choose “%1” and correct it in the file.</source>
        <translation>如果代码输错了，请选“%1”并在文件中改正。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="120"/>
        <source>“%4” means %1 was renamed “%2”, or the figures are %1&apos;s: they are imported for %1 (%3). If the ticker is mistyped, choose “%5” and correct it in the file.</source>
        <translation>选“%4”表示 %1 已改名为“%2”，或这些数据确为 %1 的：将导入到 %1（%3）名下。若代码输错，请选“%5”并改正文件中的代码。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="142"/>
        <source>“%3” means the quotes are %1&apos;s: they are imported into “%2”. If the code is mistyped, choose “%4” and correct it in the file.</source>
        <translation>选“%3”表示这些行情确为 %1 的：将导入“%2”。若代码输错，请选“%4”并改正文件中的代码。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="228"/>
        <source>: the file&apos;s value is older than the stored one.</source>
        <translation>：文件中的值早于库中的值。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="233"/>
        <source>This dialog asks about it when you import (once the other problems are corrected).</source>
        <translation>改正其他问题后再导入时，本窗口会就此询问。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="258"/>
        <source>choose the unit in “%1” above (or in the column&apos;s “%2” below)</source>
        <translation>请在上方“%1”中选择单位（或在下方该列的“%2”中选择）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="262"/>
        <source>tick “%1” and set the data&apos;s date</source>
        <translation>请勾选“%1”并设定数据的日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="452"/>
        <source>%1 of them are questions this dialog asks when you import again, once the other problems are corrected.</source>
        <translation>其中 %1 个是需要回答的问题：改正其他问题后再导入时，本窗口会逐一询问。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="398"/>
        <source>The unit of amount columns whose header names none; a column&apos;s Unit below overrides it</source>
        <translation>列标题未注明单位的金额列的单位；下方某列的“单位”优先</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="587"/>
        <source>The date the figures are as of; it replaces a date found in the files</source>
        <translation>数据的截至日期；勾选后代替文件中找到的日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="236"/>
        <source>This dialog asks about it when you import again.</source>
        <translation>再次导入时，本窗口会就此询问。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="102"/>
        <source>%1 (%2) is stored as “%3”, but the row names “%4”, a name the store does not know. Is the ticker mistyped, or are the figures really %3&apos;s (the company renamed)?</source>
        <translation>%1（%2）在库中为“%3”，而该行的简称“%4”库中没有。是代码输错了，还是这些数据确为“%3”的（公司改名）？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="119"/>
        <source>Ticker and name disagree?</source>
        <translation>代码与名称不符？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="149"/>
        <source>%1, column “%2”: no unit is stated (no % and no 小数 in the header), and the numbers look like percentages: %3, read as a fraction, would be %4. Are the ratios written as percentages or as fractions?</source>
        <translation>%1，“%2”列：未注明单位（列标题中没有 % 或“小数”），而数字像百分数：%3 按小数读入即为 %4。这些比率是百分数还是小数？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="159"/>
        <source>Percentages or fractions?</source>
        <translation>百分数还是小数？</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="161"/>
        <source>The answer is kept in “%1” and holds for every ratio column of these files that states no unit.</source>
        <translation>回答会记在“%1”中，适用于这些文件中所有未注明单位的比率列。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="165"/>
        <source>The store already holds %1 of these figures as read as fractions: answering percentages makes them 100 times smaller.</source>
        <translation>库中已有其中 %1 个数与按小数读入相同：选“百分数”会把它们改为原来的 1/100。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="169"/>
        <source>The store already holds %1 of these figures as read as percentages: answering fractions makes them 100 times larger.</source>
        <translation>库中已有其中 %1 个数与按百分数读入相同：选“小数”会把它们改为原来的 100 倍。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="174"/>
        <source>Percentages (%1 is %1%)</source>
        <translation>百分数（%1 即 %1%）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/import_questions.py" line="176"/>
        <source>Fractions (%1 is %2)</source>
        <translation>小数（%1 即 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="225"/>
        <source>Say which in “%1”.</source>
        <translation>请在“%1”中选择。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="226"/>
        <location filename="../../ui/dialogs/importing.py" line="420"/>
        <source>Ratio unit</source>
        <translation>比率单位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="422"/>
        <source>Not stated</source>
        <translation>未注明</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="422"/>
        <source>Percentages</source>
        <translation>百分数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="423"/>
        <source>Fractions</source>
        <translation>小数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/importing.py" line="425"/>
        <source>How ratio columns whose header states no unit (no % and no 小数) are written: 12.5 as 12.5% (percentages) or as 1250% (fractions); not stated, the import asks when the numbers look like percentages</source>
        <translation>列标题未注明单位（没有 % 或“小数”）的比率列的写法：12.5 即 12.5%（百分数）或 1250%（小数）；选“未注明”时，数字像百分数则导入时询问</translation>
    </message>
</context>
<context>
    <name>IssueEditor</name>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="42"/>
        <source>New issue from last week</source>
        <translation>沿用上周新建一期</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="171"/>
        <source>Issue</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="171"/>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="171"/>
        <source>Themes</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="172"/>
        <source>Figures and table</source>
        <translation>图表与表格</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="172"/>
        <source>Related reports</source>
        <translation>相关报告</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="173"/>
        <source>House texts</source>
        <translation>机构文本</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="43"/>
        <location filename="../../ui/issue_editor/prompts.py" line="18"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/prompts.py" line="19"/>
        <source>Don&apos;t Save</source>
        <translation>不保存</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/prompts.py" line="38"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/prompts.py" line="39"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/prompts.py" line="57"/>
        <source>Overwrite</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="44"/>
        <source>Save the issue (Ctrl+S)</source>
        <translation>保存本期 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="47"/>
        <source>Submit for review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="48"/>
        <source>Save and hand the issue to review</source>
        <translation>保存并提交审核</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="51"/>
        <source>Back to draft</source>
        <translation>退回草稿</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="52"/>
        <source>Return the issue to its authors</source>
        <translation>退回给作者</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="55"/>
        <source>Finalise…</source>
        <translation>定稿…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="56"/>
        <source>Freeze the issue: its text, numbers and PDF become the published record</source>
        <translation>冻结本期：正文、数据和 PDF 成为发布记录</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="60"/>
        <source>Only an editor of the team desk can finalise an issue</source>
        <translation>只有团队库的编辑可以定稿</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="63"/>
        <source>Correction…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="64"/>
        <source>Reopen a final issue as a new version, giving a reason</source>
        <translation>以新版本重新打开已定稿的周报，并说明原因</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="67"/>
        <location filename="../../ui/issue_editor/side/panel.py" line="27"/>
        <source>Preflight</source>
        <translation>发布前检查</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="68"/>
        <source>Check the issue against the publishing rules</source>
        <translation>按发布规则检查本期周报</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="71"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="72"/>
        <source>Write the issue&apos;s PDF</source>
        <translation>生成本期 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="75"/>
        <source>Export Table to Excel…</source>
        <translation>导出对比表 Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="76"/>
        <source>Write the issue&apos;s comparison table as an Excel workbook, as printed</source>
        <translation>将本期的重点公司对比表按印刷版式写为 Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="46"/>
        <source>Tick the signing analysts; drag to set the order they print in</source>
        <translation>勾选署名分析师；拖动设置署名顺序</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="50"/>
        <source>Indices quoted in the market review, in this order</source>
        <translation>市场回顾中引用的指数（按此顺序）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="56"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="60"/>
        <source>No analysts in the store yet. Add them in the main window under House Profile → Analysts; they are listed here when this issue is opened again.</source>
        <translation>库中还没有分析师。请在主窗口的“机构信息 → 分析师”中添加，重新打开本期后会列在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="63"/>
        <source>No indices in the store yet. Import the week&apos;s index quotes in the main window (Import…); they are listed here when this issue is opened again.</source>
        <translation>库中还没有指数。请在主窗口导入本周的指数行情（导入…），重新打开本期后会列在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="90"/>
        <source>Action</source>
        <translation>评级变动</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="99"/>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="101"/>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="102"/>
        <source>Series</source>
        <translation>系列</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="103"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="104"/>
        <source>Publication date</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="105"/>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="106"/>
        <source>Industry rating</source>
        <translation>行业评级</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="107"/>
        <source>Signing analysts</source>
        <translation>署名分析师</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="111"/>
        <source>Market review and cover chart</source>
        <translation>市场回顾与封面图</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="117"/>
        <source>Indices reviewed</source>
        <translation>回顾的指数</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="118"/>
        <source>Sector index</source>
        <translation>行业指数</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="119"/>
        <source>Cover chart index</source>
        <translation>封面图指数</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="72"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="29"/>
        <source>Required: the issue&apos;s headline, printed on the cover</source>
        <translation>必填：本期标题，印在首页</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="73"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="74"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="75"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="76"/>
        <source>Reason</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="80"/>
        <source>Every status change of this issue: who, when and why</source>
        <translation>本期每次状态变更：操作人、时间与原因</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="120"/>
        <source>Status history</source>
        <translation>状态记录</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="270"/>
        <source>this station&apos;s own final, not taken by the desk</source>
        <translation>本机另一份定稿，未被团队库采用</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="275"/>
        <source>Created as %1</source>
        <translation>新建为%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="288"/>
        <source>No status change recorded yet</source>
        <translation>尚无状态变更记录</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="84"/>
        <source>Write the review, or press Draft market review</source>
        <translation>撰写回顾，或点击“生成市场回顾”</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="86"/>
        <source>One bullet per paragraph</source>
        <translation>每段一个要点</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="88"/>
        <source>The thesis sentence before the themes</source>
        <translation>主题之前的核心观点句</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="90"/>
        <source>One risk per line</source>
        <translation>每行一个风险</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="94"/>
        <source>Draft market review</source>
        <translation>生成市场回顾</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="95"/>
        <source>Write the review from the week&apos;s index quotes</source>
        <translation>根据本周指数行情生成回顾</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="104"/>
        <source>Bold (Ctrl+B)</source>
        <translation>加粗 (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="107"/>
        <source>The PDF prints paragraphs, bullets and bold only. Ctrl+B bold (text typed as **text** prints bold too) · Shift+Enter a line break inside a bullet · pasted text loses its formatting.</source>
        <translation>PDF 只输出段落、要点和加粗。Ctrl+B 加粗（输入 **文字** 也印为粗体）· Shift+Enter 在要点内换行 · 粘贴的文本会去除格式。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="117"/>
        <source>Market review</source>
        <translation>市场回顾</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="118"/>
        <source>the week&apos;s index closes and changes</source>
        <translation>本周指数收盘与涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="120"/>
        <source>Industry views</source>
        <translation>行业观点</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="121"/>
        <source>one bullet per paragraph</source>
        <translation>每段一个要点</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="122"/>
        <source>Investment advice</source>
        <translation>投资建议</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="123"/>
        <source>the thesis; the numbered themes follow (see Themes)</source>
        <translation>核心观点；编号主题随后（见“主题”）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="125"/>
        <source>Risks</source>
        <translation>风险提示</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="126"/>
        <source>one risk per line</source>
        <translation>每行一个风险</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="173"/>
        <source>Remove the theme “%1” with its rationale and its %2 stocks to watch?</source>
        <translation>删除主题“%1”及其理由和 %2 只关注标的？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="177"/>
        <source>Remove Theme</source>
        <translation>删除主题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="267"/>
        <source>Printed under Investment advice as numbered themes: bold name, rationale, stocks in 【】.</source>
        <translation>在“投资建议”下按编号输出：加粗的主题名、理由、【】内的标的。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="199"/>
        <source>Figures</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/figures.py" line="202"/>
        <source>Comparison table</source>
        <translation>对比表</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="33"/>
        <source>Remove Figure</source>
        <translation>删除图表</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="34"/>
        <source>Remove the figure “%1” from this issue?</source>
        <translation>从本期周报中删除图表“%1”？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="36"/>
        <source>Remove the related report “%1” (%2) from this issue?</source>
        <translation>从本期周报中删除相关报告“%1”（%2）？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="37"/>
        <source>Remove Related Report</source>
        <translation>删除相关报告</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="38"/>
        <source>Remove Row</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="39"/>
        <source>Remove “%1” from this issue?</source>
        <translation>从本期周报中删除“%1”？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="171"/>
        <source>Earlier reports listed on page 1 (at most three print); copying an issue forward puts last week&apos;s issue first.</source>
        <translation>首页列出的往期报告（最多打印三篇）；沿用上期时会把上周的周报放在首位。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="25"/>
        <source>Edit house profile…</source>
        <translation>编辑机构信息…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="27"/>
        <source>The same on every issue; edited in the house profile.</source>
        <translation>每期相同；在机构信息中编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/panel.py" line="26"/>
        <source>This week&apos;s notes</source>
        <translation>本周笔记</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/panel.py" line="28"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/meta.py" line="228"/>
        <source>Analyst #%1 (not in the store)</source>
        <translation>分析师 #%1（不在库中）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="177"/>
        <source>Autosaved %1</source>
        <translation>已自动保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="249"/>
        <source>Restore unsaved changes?</source>
        <translation>恢复未保存的修改？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="235"/>
        <source>Issue #%1 has changes autosaved at %2 that were never saved. Restore them?</source>
        <translation>周报 #%1 有 %2 自动保存但尚未保存的修改，是否恢复？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="94"/>
        <source>Lines marked - are in the issue as stored now; lines marked + are in the autosave.</source>
        <translation>以 - 开头的行为现存内容，以 + 开头的行为自动保存的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="160"/>
        <source>Not autosaved yet: another program is writing to the store. Trying again shortly.</source>
        <translation>尚未自动保存：数据文件正被其他程序写入，稍后自动重试。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="163"/>
        <source>Not autosaved: the disk is full. Trying again shortly.</source>
        <translation>未能自动保存：磁盘已满，稍后自动重试。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="166"/>
        <source>Not autosaved: the store cannot be written. Trying again shortly.</source>
        <translation>未能自动保存：数据文件无法写入，稍后自动重试。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="190"/>
        <location filename="../../ui/issue_editor/autosave.py" line="209"/>
        <source>its text was saved elsewhere at %1</source>
        <translation>其内容已于 %1 在别处保存</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="202"/>
        <source>its status changed from %1 to %2 (by %3 at %4)</source>
        <translation>其状态已由%1变为%2（%3，%4）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="230"/>
        <source>Unsaved changes autosaved at %1 are kept: this issue is final; they are offered when its correction is opened.</source>
        <translation>%1 自动保存的未保存修改已保留：本期已定稿，打开其更正版本时会询问是否恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="239"/>
        <source>Issue #%1 has changes autosaved at %2 that were never saved. Since then %3. Restore puts the autosaved text in the editor (the status stays as it is now); saving it replaces the text stored now. Discard drops the autosave.</source>
        <translation>周报 #%1 有 %2 自动保存但尚未保存的修改。此后%3。恢复会把自动保存的内容放回编辑器（状态保持现状），保存后将替换现存内容；丢弃则删除这份自动保存。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="245"/>
        <source>The autosave names indices merged since; restoring names the index each was merged into: %1.</source>
        <translation>这份自动保存引用了此后被合并的指数；恢复时改为引用合并后保留的指数：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/autosave.py" line="265"/>
        <source>Restored the autosave of %1 — not saved yet</source>
        <translation>已恢复 %1 的自动保存——尚未保存</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="73"/>
        <source>Not saved: issue #%1 was saved elsewhere since you opened it. Your changes are still here.</source>
        <translation>未保存：周报 #%1 在你打开之后已在别处保存。你的修改仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="89"/>
        <source>Not saved: %1 Your changes are still here.</source>
        <translation>未保存：%1你的修改仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="101"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="104"/>
        <source>Issue #%1 saved</source>
        <translation>周报 #%1 已保存</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="121"/>
        <source>Issue #%1 was changed elsewhere at %2, after you opened it, and is now %3. Overwrite its text with yours? It stays %3. Cancel keeps your changes here without saving.</source>
        <translation>周报 #%1 在你打开之后已于 %2 在别处修改，现为%3。要用你的版本覆盖其内容吗？状态仍为%3。选“取消”则不保存，你的修改仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="126"/>
        <source>Issue #%1 was saved elsewhere at %2, after you opened it. Overwrite that version with yours? Cancel keeps your changes here without saving.</source>
        <translation>周报 #%1 在你打开之后已于 %2 在别处保存。要用你的版本覆盖它吗？选“取消”则不保存，你的修改仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="260"/>
        <source>Cannot draft the market review: %1</source>
        <translation>无法生成市场回顾：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/text.py" line="198"/>
        <source>Left out (no quote dated in the week): %1</source>
        <translation>未写入（本周无行情）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="277"/>
        <source>Note inserted into %1</source>
        <translation>笔记已插入到%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="56"/>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="58"/>
        <source>Analyst declaration</source>
        <translation>分析师声明</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="59"/>
        <source>Licence statement</source>
        <translation>业务资格说明</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="60"/>
        <source>Rating definitions</source>
        <translation>评级定义</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="61"/>
        <source>Stock ratings</source>
        <translation>个股评级</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="62"/>
        <source>Industry ratings</source>
        <translation>行业评级</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="63"/>
        <source>Benchmarks</source>
        <translation>基准</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="64"/>
        <source>Disclaimer</source>
        <translation>免责声明</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/house.py" line="65"/>
        <source>Page footer</source>
        <translation>页脚</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="302"/>
        <source>House profile saved</source>
        <translation>机构信息已保存</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="233"/>
        <source>Only an issue in review can be finalised; submit it for review first.</source>
        <translation>只有审核中的周报才能定稿；请先提交审核。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="299"/>
        <source>Finalise issue</source>
        <translation>定稿</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="291"/>
        <source>Finalise issue #%1? Its text, numbers and PDF are frozen as the published record; later changes need a correction.</source>
        <translation>确定将周报 #%1 定稿？其正文、数据和 PDF 将作为发布记录冻结；之后的修改需要发布更正。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="318"/>
        <source>Finalising issue…</source>
        <translation>正在定稿…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/prompts.py" line="20"/>
        <location filename="../../ui/issue_editor/prompts.py" line="58"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="95"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="269"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="320"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="586"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="48"/>
        <source>Open issue #%1?</source>
        <translation>打开周报 #%1？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="377"/>
        <source>…and %1 more</source>
        <translation>……另有 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="391"/>
        <source>Figures changed since the issue went to review (the reviewer saw the first value; the second is frozen):</source>
        <translation>提交审核之后有变化的数字（审阅时为前一个值，定稿将冻结后一个值）：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="395"/>
        <source>Preflight warnings:</source>
        <translation>发布前检查的警告：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="405"/>
        <source>Issue #%1 is final</source>
        <translation>周报 #%1 已定稿</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="280"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="412"/>
        <source>Finalising failed: %1</source>
        <translation>定稿失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="124"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="359"/>
        <source>Checking the issue…</source>
        <translation>正在检查本期…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="162"/>
        <source>Checking again…</source>
        <translation>正在重新检查…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="208"/>
        <source>Changing the issue&apos;s status…</source>
        <translation>正在更改本期状态…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="267"/>
        <source>Asking the desk server for newer data…</source>
        <translation>正在向团队服务器查询更新的数据…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="295"/>
        <source>The desk server holds changes this store has not fetched to what issue #%1 prints (listed below: the desk&apos;s value, then this store&apos;s). Sync first (File → Sync Now) and check the issue. Finalise anyway with this store&apos;s values?</source>
        <translation>团队服务器上有本机尚未拉取的修改，涉及第 %1 期印出的内容（见下：先为团队库的值，后为本机的值）。请先同步（文件 → 立即同步）并核对本期。仍按本机的值定稿？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="334"/>
        <source>Desk server:</source>
        <translation>团队服务器：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="337"/>
        <source>Changes on the desk server this store has not fetched (the desk&apos;s value, then this store&apos;s):</source>
        <translation>团队服务器上本机尚未拉取的修改（先为团队库的值，后为本机的值）：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="384"/>
        <source>Figures that differ from the published version %1 (its value first, then the one frozen now; the correction note will say: %2):</source>
        <translation>与已发布的 %1 不同的数字（前为发布值，后为现在将冻结的值；更正说明将写明：%2）：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="387"/>
        <source>Figures that differ from the published version %1 (its value first, then the one frozen now):</source>
        <translation>与已发布的 %1 不同的数字（前为发布值，后为现在将冻结的值）：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="422"/>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="423"/>
        <source>Why is issue #%1 corrected? (kept in the issue&apos;s history)</source>
        <translation>周报 #%1 为何更正？（记入周报历史）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="461"/>
        <source>Confirm figures changed outside the workbench</source>
        <translation>确认在工作台之外改动的数值</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="462"/>
        <source>No import or edit accounts for these %1 figures of the table: they were changed in the data file outside the workbench. Have you checked them, and keep them as they are now?

%2

A value changed again later is named again.</source>
        <translation>比较表中这 %1 个数值没有导入或编辑记录，是在工作台之外改动数据文件的。是否已核对无误，按现值保留？

%2

此后再被改动的数值会再次列出。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="474"/>
        <source>%1 figures confirmed</source>
        <translation>已确认 %1 个数值</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="489"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="493"/>
        <source>Preflight found blockers; fix them first (see Preflight).</source>
        <translation>发布前检查发现阻止项；请先处理（见“发布前检查”）。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="530"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="531"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="532"/>
        <source>Exporting PDF…</source>
        <translation>正在导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="533"/>
        <source>Exported %1 pages to %2</source>
        <translation>已导出 %1 页到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="579"/>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="607"/>
        <source>Print the ticked figures</source>
        <translation>采用勾选的数据</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="641"/>
        <location filename="../../ui/issue_editor/lifecycle.py" line="678"/>
        <source>%1 %2: published %3, in the store %4</source>
        <translation>%1 %2：发布时 %3，库中 %4</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="683"/>
        <source> (as of %1)</source>
        <translation>（截至 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="688"/>
        <source>%1: added to the store after publication</source>
        <translation>%1：发布后加入库中</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="697"/>
        <source>This correction prints issue #%1 as of its date and keeps these newer figures as published (%2 in all). Tick those to print anyway:</source>
        <translation>本更正版按第 %1 期的截至日重印，以下较新的数据保留发布时的数值（共 %2 项）。勾选仍要采用的：</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="701"/>
        <source>Take newer figures</source>
        <translation>采用较新的数据</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="713"/>
        <source>The correction takes %1</source>
        <translation>更正版采用 %1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/saving.py" line="129"/>
        <location filename="../../ui/issue_editor/editor.py" line="418"/>
        <source>Issue #%1</source>
        <translation>周报 #%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/editor.py" line="419"/>
        <source>Issue #%1 (%2) has changes that are not saved. Save them before closing?</source>
        <translation>周报 #%1（%2）有尚未保存的修改。关闭前要保存吗？</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="545"/>
        <source>Export Table to Excel</source>
        <translation>导出对比表 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="546"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="547"/>
        <source>Exporting the comparison table…</source>
        <translation>正在导出对比表…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/lifecycle.py" line="548"/>
        <source>Comparison table written to %1</source>
        <translation>对比表已写入 %1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/header.py" line="81"/>
        <source>Final v%1 · SHA-256 %2 · frozen %3 by %4 · read-only; changes need a correction.</source>
        <translation>定稿 v%1 · SHA-256 %2 · %3 由 %4 定稿 · 只读；如需修改请发布更正。</translation>
    </message>
</context>
<context>
    <name>IssueListModel</name>
    <message>
        <location filename="../../ui/models/issues.py" line="32"/>
        <source>No.</source>
        <translation>期号</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="33"/>
        <source>Series</source>
        <translation>系列</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="34"/>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="36"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="37"/>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="38"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="39"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="40"/>
        <source>Last changed</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="46"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="48"/>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../../ui/models/issues.py" line="50"/>
        <source>Final</source>
        <translation>已定稿</translation>
    </message>
</context>
<context>
    <name>IssuesPage</name>
    <message>
        <location filename="../../ui/views/issues.py" line="72"/>
        <source>Edit Issue…</source>
        <translation>编辑周报…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="73"/>
        <source>Open the selected issue in the editor (or double-click it)</source>
        <translation>在编辑器中打开选中的周报（或双击）</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="76"/>
        <source>Compare Issues…</source>
        <translation>比较周报…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="77"/>
        <source>See what changed between two issues</source>
        <translation>查看两期周报之间的变化</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="307"/>
        <source>Analysts</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="309"/>
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="310"/>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="311"/>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="312"/>
        <source>Rating</source>
        <translation>评级</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="57"/>
        <location filename="../../ui/views/issues.py" line="313"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="42"/>
        <source>Search the text of every issue…</source>
        <translation>全文搜索周报…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="45"/>
        <source>Finds issues by any words of their headline, review, views, advice, themes and risks</source>
        <translation>按标题、市场回顾、行业观点、投资建议、主题与风险提示中的任意词句查找周报</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="51"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="56"/>
        <source>Show only issues with this status</source>
        <translation>只显示该状态的周报</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="66"/>
        <source>New Issue from Last Week</source>
        <translation>新建下周周报</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="67"/>
        <source>Copy the latest issue forward a week as a new draft and open it</source>
        <translation>以最新一期为底稿顺延一周，新建草稿并打开</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="68"/>
        <source>New Issue…</source>
        <translation>新建周报…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="69"/>
        <source>Draft an issue for a week you choose: the first issue of a new store or series</source>
        <translation>为所选的一周新建周报草稿：新数据库或新系列的第一期</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="74"/>
        <source>Compare with Previous Week…</source>
        <translation>与上周比较…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="75"/>
        <source>See what changed since the week before the selected issue</source>
        <translation>查看所选周报与上一期相比的变化</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="78"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="79"/>
        <source>Write the selected issue&apos;s PDF (a final issue: its published PDF)</source>
        <translation>导出所选周报的 PDF（已定稿的周报导出其发布版 PDF）</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="80"/>
        <source>Export Table to Excel…</source>
        <translation>导出对比表 Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="81"/>
        <source>Write the selected issue&apos;s comparison table as an Excel workbook, as printed (a final issue: its published numbers)</source>
        <translation>将所选一期的重点公司对比表按印刷版式写为 Excel 工作簿（已定稿的一期：使用其发布时的数据）</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="83"/>
        <source>Export Publication Record…</source>
        <translation>导出发布记录…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="92"/>
        <source>&amp;Edit Issue…</source>
        <translation>编辑周报(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="94"/>
        <source>Compare with &amp;Previous Week…</source>
        <translation>与上周比较(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="96"/>
        <source>E&amp;xport PDF…</source>
        <translation>导出 PDF(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="98"/>
        <source>Export &amp;Table to Excel…</source>
        <translation>导出对比表 Excel(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="100"/>
        <source>Export Publication &amp;Record…</source>
        <translation>导出发布记录(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="102"/>
        <source>&amp;New Issue from Last Week</source>
        <translation>新建下周周报(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="182"/>
        <source>No issue matches the search or the status filter.</source>
        <translation>没有符合搜索词或状态筛选的周报。</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="184"/>
        <source>No issues in this store yet. Draft the first with New Issue… (here or in the File menu) for the week you choose; later weeks are copied forward from it.</source>
        <translation>数据库中还没有周报。请用“新建周报…”（此处或“文件”菜单）为所选的一周新建第一期；之后每周从上期复制。</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="216"/>
        <source>Compare issue #%1 with issue #%2</source>
        <translation>将第 %1 期与第 %2 期比较</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="218"/>
        <source>The selected issue has no earlier issue to compare with</source>
        <translation>所选周报没有更早的一期可供比较</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="222"/>
        <source>Write every published PDF of the selected issue, its data snapshots, text, status log and SHA-256 manifest into a folder</source>
        <translation>将所选周报每个发布版本的 PDF、数据快照、正文、状态记录和 SHA-256 清单写入一个文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="224"/>
        <source>The selected issue has no published (final) version yet</source>
        <translation>所选周报尚未定稿，还没有发布版本</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="331"/>
        <source>Market review</source>
        <translation>市场回顾</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="332"/>
        <source>Industry views</source>
        <translation>行业观点</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="340"/>
        <source>Investment advice</source>
        <translation>投资建议</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="341"/>
        <source>Risks</source>
        <translation>风险提示</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="343"/>
        <source>Figures</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="347"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="348"/>
        <source>%1 columns</source>
        <translation>%1 列</translation>
    </message>
    <message>
        <location filename="../../ui/views/issues.py" line="352"/>
        <source>Related reports</source>
        <translation>相关报告</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window/menus.py" line="141"/>
        <source>Read-only</source>
        <translation>只读 (read-only)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="142"/>
        <source>The store&apos;s file or folder is not writable: you can read and export, but not edit or import</source>
        <translation>数据文件或其所在文件夹不可写：可以查看和导出，不能编辑或导入</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="42"/>
        <source>Filter by ticker, name, segment…</source>
        <translation>按代码、简称、板块筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="46"/>
        <source>All indices</source>
        <translation>全部指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="47"/>
        <source>Filter by index, code, date…</source>
        <translation>按指数、代码、日期筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="148"/>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="148"/>
        <source>Financials</source>
        <translation>财务对比</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="148"/>
        <source>Index quotes</source>
        <translation>指数行情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="148"/>
        <source>Issues</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="145"/>
        <location filename="../../ui/main_window/window.py" line="150"/>
        <source>Opening the store…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="124"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="155"/>
        <source>Loading charts…</source>
        <translation>正在加载图表…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="146"/>
        <location filename="../../ui/main_window/window.py" line="149"/>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="39"/>
        <source>&amp;New Store…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="40"/>
        <source>Create an empty store file</source>
        <translation>新建一个空的数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="41"/>
        <source>&amp;Open Store…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="42"/>
        <source>Open a store file</source>
        <translation>打开数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="42"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="43"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="44"/>
        <source>Import Wind/iFinD/Excel/CSV files</source>
        <translation>导入 Wind/iFinD/Excel/CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="46"/>
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="47"/>
        <source>Export the selected (or latest) issue as PDF</source>
        <translation>将选中（或最新）的周报导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="50"/>
        <source>New Issue from Last &amp;Week</source>
        <translation>新建下周周报(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="51"/>
        <source>Copy the latest issue forward a week as a new draft and open it in the editor</source>
        <translation>以最新一期为底稿顺延一周，新建草稿并在编辑器中打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="52"/>
        <source>New Issue from Last Week</source>
        <translation>新建下周周报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="58"/>
        <source>Export Publication &amp;Record…</source>
        <translation>导出发布记录(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="59"/>
        <source>Write the selected issue&apos;s publication record (every published PDF, its data snapshot and text, the status log, a SHA-256 manifest) into a folder</source>
        <translation>将所选周报的发布记录（每个发布版本的 PDF、数据快照和正文、状态记录、SHA-256 清单）写入一个文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="61"/>
        <source>&amp;Back Up Store…</source>
        <translation>备份数据(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="62"/>
        <source>Copy the whole store to another file while it stays open</source>
        <translation>在数据库打开时将其完整复制到另一个文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="66"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="69"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="73"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="76"/>
        <location filename="../../ui/main_window/status.py" line="28"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="77"/>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="78"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="81"/>
        <source>Cop&amp;y with Headers</source>
        <translation>复制（含表头）(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="83"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="84"/>
        <source>Paste tab-separated text from Excel or WPS over the selection</source>
        <translation>将 Excel 或 WPS 的制表符分隔文本粘贴到选中区域</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="85"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="86"/>
        <source>Delete the selected companies, values or quotes</source>
        <translation>删除选中的公司、数值或行情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="87"/>
        <source>&amp;Add Company…</source>
        <translation>新增公司(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="88"/>
        <source>Add a company to the store</source>
        <translation>向数据库新增一家公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="89"/>
        <source>Add Company</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="91"/>
        <source>&amp;Where Is This From…</source>
        <translation>数据来源(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="100"/>
        <source>New Note for This C&amp;ompany…</source>
        <translation>为该公司新建笔记(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="92"/>
        <source>Where the selected figure came from: the file, sheet, row and column it was imported from, or who edited it and when, with every earlier value</source>
        <translation>所选数据的来源：导入自哪个文件、工作表、行和列，或由谁在何时修改，以及此前的每个值</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="54"/>
        <source>New Iss&amp;ue…</source>
        <translation>新建周报(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="55"/>
        <source>Draft an issue for a week you choose, with the house&apos;s series and analysts: the first issue of a new store or series</source>
        <translation>为所选的一周新建周报草稿，沿用机构的系列和署名分析师：新数据库或新系列的第一期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="64"/>
        <source>Res&amp;tore from Backup…</source>
        <translation>从备份恢复(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="65"/>
        <source>Put a backup in place of the open store; the store replaced is kept beside it</source>
        <translation>用备份替换当前数据库；被替换的数据库保存在同一文件夹中</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="94"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="95"/>
        <source>Filter the current table</source>
        <translation>筛选当前表格</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="97"/>
        <source>Show &amp;Notes</source>
        <translation>查看笔记(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="98"/>
        <source>Show the notes about the selected company in the Notes tab</source>
        <translation>在“笔记”页查看所选公司的笔记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="99"/>
        <source>Show Notes</source>
        <translation>查看笔记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="102"/>
        <source>Write a note about the selected company</source>
        <translation>为所选公司写一条笔记</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="103"/>
        <source>&amp;House Profile…</source>
        <translation>机构信息(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="104"/>
        <source>The house&apos;s name, licence, ratings and report texts</source>
        <translation>机构名称、业务资格、评级与报告文本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="105"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="110"/>
        <source>&amp;Companies</source>
        <translation>公司(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="110"/>
        <source>&amp;Financials</source>
        <translation>财务对比(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="111"/>
        <source>Index &amp;Quotes</source>
        <translation>指数行情(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="111"/>
        <source>&amp;Issues</source>
        <translation>周报(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="112"/>
        <source>&amp;Notes</source>
        <translation>笔记(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="119"/>
        <location filename="../../ui/main_window/actions.py" line="123"/>
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="120"/>
        <source>Show or hide the charts</source>
        <translation>显示或隐藏图表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="126"/>
        <source>All &amp;Metric Columns</source>
        <translation>显示全部指标列(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="130"/>
        <source>&amp;Report Order</source>
        <translation>恢复报告顺序(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="131"/>
        <source>Sort the table back into the report&apos;s order</source>
        <translation>按报告中的顺序重新排列表格</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="132"/>
        <source>Re&amp;load</source>
        <translation>重新载入(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="133"/>
        <source>Read everything again from the store</source>
        <translation>从数据库重新读取全部数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="135"/>
        <source>Set as &amp;Benchmark</source>
        <translation>设为基准指数(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="136"/>
        <source>Make this row&apos;s index the benchmark the cover chart and the market review compare with</source>
        <translation>将该行的指数设为基准指数：封面走势图和市场回顾以它为比较对象</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="139"/>
        <source>Set Index &amp;Code</source>
        <translation>设置指数代码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="140"/>
        <source>Give this row&apos;s index its code (e.g. 000300.SH): the code, not the name, identifies an index</source>
        <translation>为这一行的指数设置代码（如 000300.SH）：识别指数靠代码而不是名称</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="143"/>
        <source>&amp;Merge Into Another Index…</source>
        <translation>并入另一个指数(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="144"/>
        <source>Move this index&apos;s quotes to another index that is the same index under another name, and remove it</source>
        <translation>把这个指数的行情移到另一个名称不同、实为同一指数的指数中，并删除这个指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="146"/>
        <source>&amp;User Guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="147"/>
        <location filename="../../ui/issue_editor/actions.py" line="85"/>
        <source>How the workbench produces the weekly report, step by step</source>
        <translation>逐步说明如何用工作台制作周报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="148"/>
        <source>&amp;Welcome</source>
        <translation>欢迎(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="150"/>
        <source>The weekly routine and where to start</source>
        <translation>每周的工作流程，以及从哪里开始</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="151"/>
        <source>&amp;About Analyst Workbench</source>
        <translation>关于分析师工作台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="153"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="20"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="23"/>
        <source>Recent &amp;Stores</source>
        <translation>最近的数据库(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="28"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="34"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="46"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="50"/>
        <source>&amp;Desk Server</source>
        <translation>团队服务器(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="58"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="71"/>
        <source>&amp;Toolbar</source>
        <translation>工具栏(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="134"/>
        <source>Demo store</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="135"/>
        <source>This store holds the demo issue and its data; import your own data or open your store (File → Open Store)</source>
        <translation>当前数据库是演示数据库，含演示周报及其数据；请导入自己的数据，或打开自己的数据库（文件 → 打开数据库）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="268"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="284"/>
        <source>%1 is empty (0 bytes): it holds no store and was left as it is. To make a new store in it, use File → New Store….</source>
        <translation>%1 是空文件（0 字节），不是工作台数据文件，未作任何修改。要在其中新建数据库，请用“文件 → 新建数据库…”。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="287"/>
        <location filename="../../ui/main_window/window.py" line="292"/>
        <source>Cannot open store</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="332"/>
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="336"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="370"/>
        <location filename="../../ui/main_window/window.py" line="375"/>
        <source>New store</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status.py" line="43"/>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status.py" line="45"/>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="250"/>
        <location filename="../../ui/main_window/exports.py" line="302"/>
        <location filename="../../ui/main_window/window.py" line="371"/>
        <location filename="../../ui/main_window/window.py" line="384"/>
        <source>Workbench store (%1)</source>
        <translation>工作台数据库 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="376"/>
        <source>%1 already exists; it is opened as it is.</source>
        <translation>%1 已存在，将直接打开。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/window.py" line="383"/>
        <source>Open store</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="172"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/menus.py" line="175"/>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="71"/>
        <source>Issues are read-only here.</source>
        <translation>周报在此处为只读。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="102"/>
        <source>Pick a figure in the Financials view first.</source>
        <translation>请先在财务对比中选中一个数据。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="128"/>
        <source>No store is open.</source>
        <translation>没有打开的数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="137"/>
        <source>Added %1</source>
        <translation>已新增 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="167"/>
        <source>Issue #%1 is final: its published PDF was written unchanged.</source>
        <translation>第 %1 期已定稿：导出的是其发布版 PDF，逐字节不变。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="188"/>
        <location filename="../../ui/main_window/exports.py" line="216"/>
        <source>Export Table to Excel</source>
        <translation>导出对比表 Excel</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="196"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="204"/>
        <source>Exporting the comparison table…</source>
        <translation>正在导出对比表…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="211"/>
        <source>Comparison table of issue #%1 written to %2</source>
        <translation>第 %1 期对比表已写入 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="249"/>
        <location filename="../../ui/main_window/exports.py" line="279"/>
        <source>Back up store</source>
        <translation>备份数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="264"/>
        <source>Backing up the store…</source>
        <translation>正在备份数据…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="274"/>
        <source>Store backed up to %1</source>
        <translation>数据已备份到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="271"/>
        <source>Store backed up to %1; the older backup it replaced was kept as %2</source>
        <translation>数据已备份到 %1；被替换的旧备份已保留为 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="280"/>
        <source>Backup cancelled; no file was written</source>
        <translation>备份已取消，未写入任何文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="281"/>
        <source>The backup failed: %1</source>
        <translation>备份失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="299"/>
        <location filename="../../ui/main_window/exports.py" line="348"/>
        <location filename="../../ui/main_window/exports.py" line="353"/>
        <source>Restore from Backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="507"/>
        <source>Replace the open store %1 with the backup %2?

The store open now is kept in the same folder as %3, so nothing of it is lost. A store that belongs to a desk syncs as a new workstation afterwards.</source>
        <translation>用备份 %2 替换当前数据库 %1？

当前数据库将保存在同一文件夹中，文件名为 %3，不会丢失任何内容。已加入团队库的数据库恢复后将作为新的工作站同步。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="325"/>
        <source>Restoring the store…</source>
        <translation>正在恢复数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="347"/>
        <source>Store restored from %1</source>
        <translation>已从 %1 恢复数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="310"/>
        <location filename="../../ui/main_window/exports.py" line="354"/>
        <source>Restore cancelled; the store is unchanged</source>
        <translation>已取消恢复；数据库未改变</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="311"/>
        <location filename="../../ui/main_window/exports.py" line="355"/>
        <source>The restore failed; the store is unchanged: %1</source>
        <translation>恢复失败，数据库未改变：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="513"/>
        <source>The open store %1 holds what neither the backup %2 nor the desk holds:</source>
        <translation>当前数据库 %1 中有备份 %2 和团队库都没有的内容：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="515"/>
        <source>The open store %1 holds what the backup %2 lacks:</source>
        <translation>当前数据库 %1 中有备份 %2 没有的内容：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="518"/>
        <source>A restore drops them from the store; they are kept only in %1. Restore anyway and drop them?</source>
        <translation>恢复后数据库中将不再有这些内容，它们只保留在 %1 中。仍要恢复并丢弃它们吗？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="371"/>
        <source>Export Publication Record</source>
        <translation>导出发布记录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="377"/>
        <source>Issue #%1 has no published version yet. A publication record holds the PDFs of an issue&apos;s final versions: finalise the issue first.</source>
        <translation>第 %1 期尚未定稿，还没有发布版本。发布记录收录周报各定稿版本的 PDF，请先定稿。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="382"/>
        <source>Folder for the publication record</source>
        <translation>选择保存发布记录的文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="395"/>
        <source>Cannot write the record: %1</source>
        <translation>无法写入发布记录：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="399"/>
        <source>Publication record of issue #%1 written to %2</source>
        <translation>第 %1 期的发布记录已写入 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="403"/>
        <source>Every published PDF with its data snapshot and text, the status log and MANIFEST.txt with each file&apos;s SHA-256. Keep the folder with the house&apos;s records.</source>
        <translation>包括每个发布版本的 PDF 及其数据快照和正文、状态记录，以及列有各文件 SHA-256 的 MANIFEST.txt。请将该文件夹按本机构的档案要求保存。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="204"/>
        <location filename="../../ui/main_window/editing.py" line="247"/>
        <location filename="../../ui/main_window/editing.py" line="274"/>
        <source>Select an index row in Index quotes first.</source>
        <translation>请先在“指数行情”中选择一个指数的行。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="208"/>
        <source>Set as Benchmark</source>
        <translation>设为基准指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="222"/>
        <source>%1 has only %2 quotes in the store, and the cover chart compares the sector index with a year of the benchmark&apos;s daily closes. Make it the benchmark anyway?</source>
        <translation>%1 在数据库中只有 %2 条行情，而封面走势图要将行业指数与基准指数一年的日收盘价比较。仍要设为基准指数吗？</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="232"/>
        <source>Set %1 as benchmark</source>
        <translation>将%1设为基准指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="237"/>
        <source>%1 is now the benchmark index</source>
        <translation>%1 已设为基准指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="276"/>
        <source>Merge Indices</source>
        <translation>合并指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="284"/>
        <source>Merge “%1” into:</source>
        <translation>将“%1”并入：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="293"/>
        <source>Move the %1 quotes of “%2” to “%3” and remove “%2”? They must be the same index. Undo brings it back.</source>
        <translation>将“%2”的 %1 条行情移到“%3”并删除“%2”？两者必须是同一个指数。可以撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/editing.py" line="311"/>
        <source>Merged %1 quotes of “%2” into “%3”</source>
        <translation>已将“%2”的 %1 条行情并入“%3”</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status.py" line="88"/>
        <source>Unsaved changes in issue %1</source>
        <translation>周报 %1 有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status.py" line="120"/>
        <source> (demo)</source>
        <translation>（演示数据）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="125"/>
        <source>Notes are not available: %1</source>
        <translation>笔记功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="158"/>
        <source>Select a company in Companies or Financials first.</source>
        <translation>请先在“公司”或“财务对比”中选择一家公司。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/pages.py" line="168"/>
        <source>%1 notes about %2</source>
        <translation>%2 的笔记 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="77"/>
        <location filename="../../ui/main_window/windows.py" line="174"/>
        <source>The issue editor is not available: %1</source>
        <translation>周报编辑器不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="152"/>
        <source>Issue #%1 is now %2</source>
        <translation>第 %1 期已变为%2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="159"/>
        <source>Issue #%1</source>
        <translation>第 %1 期</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="197"/>
        <location filename="../../ui/main_window/windows.py" line="329"/>
        <source>Issue #%1 (%2 – %3) already covers that week: opened</source>
        <translation>周报 #%1（%2 – %3）已是该周的周报：已打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="266"/>
        <source>Issue #%1 (%2 – %3) drafted</source>
        <translation>已新建第 %1 期（%2 – %3）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="276"/>
        <source>No companies yet. Import the week&apos;s data from Wind, iFinD, Choice or Excel, or add a company by hand.</source>
        <translation>还没有公司。请导入本周数据（Wind、iFinD、Choice 或 Excel），或手工新增公司。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="279"/>
        <source>No financial figures yet. Import the week&apos;s financials (the companies come with them), or add a company and type its figures here.</source>
        <translation>还没有财务数据。请导入本周财务数据（公司随之导入），或新增公司后在此输入数字。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="283"/>
        <source>No index quotes yet. Import the week&apos;s index quotes to see them here and draw the charts.</source>
        <translation>还没有指数行情。导入本周的指数行情后可在此查看，并绘制图表。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="303"/>
        <source>Start with a first issue for a week you choose.</source>
        <translation>可先为所选的一周新建第一期周报。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="346"/>
        <source>Comparing issues is not available: %1</source>
        <translation>周报比较功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="352"/>
        <source>Compare issues</source>
        <translation>比较周报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="196"/>
        <source>Issue #%1 (%2 – %3) drafted from last week</source>
        <translation>已由上周周报生成第 %1 期（%2 – %3）草稿</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="380"/>
        <source>The house profile is not available: %1</source>
        <translation>机构信息不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="56"/>
        <location filename="../../ui/main_window/exports.py" line="61"/>
        <location filename="../../ui/main_window/exports.py" line="79"/>
        <location filename="../../ui/main_window/actions.py" line="45"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="62"/>
        <source>Import is not available: %1</source>
        <translation>导入功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="93"/>
        <location filename="../../ui/main_window/exports.py" line="136"/>
        <location filename="../../ui/main_window/actions.py" line="48"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="79"/>
        <source>Copy the selected cells as tab-separated text, as Excel does</source>
        <translation>以制表符分隔的文本复制所选单元格（与 Excel 相同，不含表头）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="82"/>
        <source>Copy the selected cells with their column headers as the first row</source>
        <translation>复制所选单元格，第一行为列标题</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="98"/>
        <source>PDF export is not available: %1</source>
        <translation>PDF 导出功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="106"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="113"/>
        <source>Exporting PDF…</source>
        <translation>正在导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="116"/>
        <location filename="../../ui/main_window/exports.py" line="207"/>
        <location filename="../../ui/main_window/exports.py" line="266"/>
        <location filename="../../ui/main_window/exports.py" line="555"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="157"/>
        <source>Exported %1 pages to %2</source>
        <translation>已导出 %1 页到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="172"/>
        <source>Warnings:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="138"/>
        <location filename="../../ui/main_window/exports.py" line="217"/>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="150"/>
        <location filename="../../ui/main_window/exports.py" line="153"/>
        <location filename="../../ui/main_window/exports.py" line="218"/>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/windows.py" line="146"/>
        <location filename="../../ui/main_window/window.py" line="316"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/actions.py" line="72"/>
        <location filename="../../ui/main_window/status.py" line="29"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status.py" line="107"/>
        <source>%1 companies · %2 facts · %3 quotes · %4 issues</source>
        <translation>公司 %1 · 财务数据 %2 · 行情 %3 · 周报 %4</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/status.py" line="116"/>
        <source>Analyst Workbench</source>
        <translation>分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="422"/>
        <source>The backup file does not exist: %1</source>
        <translation>备份文件不存在：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="424"/>
        <source>The backup is the store it would replace: %1. Choose a backup file.</source>
        <translation>备份文件就是要替换的数据文件本身：%1。请选择一个备份文件。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="427"/>
        <source>Not a workbench store: %1</source>
        <translation>不是工作台数据文件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="447"/>
        <source>Checking the backup…</source>
        <translation>正在校验备份…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="485"/>
        <source>The backup fails the store&apos;s check; nothing was restored: %1</source>
        <translation>备份未通过校验，未恢复：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/exports.py" line="79"/>
        <source>Imported.</source>
        <translation>导入完成。</translation>
    </message>
</context>
<context>
    <name>NewIssueDialog</name>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="23"/>
        <source>New Issue</source>
        <translation>新建周报</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="24"/>
        <source>A new draft for the week you choose, with the house&apos;s series and signing analysts. Later weeks are copied forward from it (New Issue from Last Week).</source>
        <translation>为所选的一周新建草稿，沿用机构的系列和署名分析师。之后每周从它复制（新建下周周报）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="43"/>
        <source>Create another anyway</source>
        <translation>仍然新建</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="44"/>
        <source>A second issue of the same series for this week, beside the first</source>
        <translation>为本周再建一期同系列周报，与已有一期并存</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="54"/>
        <source>A day of the week</source>
        <translation>该周任一天</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="56"/>
        <source>Series</source>
        <translation>系列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="77"/>
        <source>Open issue #%1</source>
        <translation>打开该期（#%1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_issue.py" line="128"/>
        <source>Report period: %1 to %2</source>
        <translation>报告期：%1 至 %2</translation>
    </message>
</context>
<context>
    <name>NewNoteDialog</name>
    <message>
        <location filename="../../ui/views/notes.py" line="120"/>
        <source>New note</source>
        <translation>新建笔记</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="129"/>
        <source>Type a name or ticker, e.g. 恒玄 or 688608</source>
        <translation>输入简称或代码，如 恒玄 或 688608</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="133"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="138"/>
        <source>Double-click a company to remove it</source>
        <translation>双击公司可将其移除</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="142"/>
        <source>Separated by commas, e.g. 小米, 会议</source>
        <translation>以逗号分隔，如 小米, 会议</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="144"/>
        <source>Investment themes the note supports, separated by commas</source>
        <translation>该笔记支持的投资主题，以逗号分隔</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="146"/>
        <source>What was learnt, from whom, and why it matters</source>
        <translation>了解到什么、来自谁、为何重要</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="157"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="158"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="159"/>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="161"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="162"/>
        <source>Themes</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="164"/>
        <source>Add note</source>
        <translation>添加笔记</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="169"/>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="181"/>
        <source>No single company matches “%1”.</source>
        <translation>没有唯一匹配“%1”的公司。</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="29"/>
        <source>Insert into section</source>
        <translation>插入到章节</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="30"/>
        <source>Add the selected note to the chosen section</source>
        <translation>将选中的笔记加入所选章节</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="33"/>
        <source>Insert into “%1”</source>
        <translation>插入到“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="39"/>
        <source>Section</source>
        <translation>章节</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="52"/>
        <source>Market review</source>
        <translation>市场回顾</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="52"/>
        <source>Industry views</source>
        <translation>行业观点</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="53"/>
        <source>Investment advice</source>
        <translation>投资建议</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="53"/>
        <source>Risks</source>
        <translation>风险提示</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="58"/>
        <source>%1 notes dated %2 – %3</source>
        <translation>%1 条笔记（%2 至 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/notes_panel.py" line="70"/>
        <source>No notes in this issue&apos;s week.</source>
        <translation>本期所在周没有笔记。</translation>
    </message>
</context>
<context>
    <name>NotesTableModel</name>
    <message>
        <location filename="../../ui/views/notes.py" line="76"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="76"/>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="76"/>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="76"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="77"/>
        <source>Themes</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="77"/>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
</context>
<context>
    <name>NotesView</name>
    <message>
        <location filename="../../ui/views/notes.py" line="250"/>
        <source>Search notes (full text)…</source>
        <translation>搜索笔记（全文）…</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="256"/>
        <source>All companies</source>
        <translation>全部公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="268"/>
        <source>New note…</source>
        <translation>新建笔记…</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="296"/>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="298"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="300"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="338"/>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="338"/>
        <source>All weeks</source>
        <translation>全部周</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="389"/>
        <source>%1 of %2 notes</source>
        <translation>%1 / %2 条笔记</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="399"/>
        <source>No notes match.</source>
        <translation>没有匹配的笔记。</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="440"/>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="440"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="441"/>
        <source>Themes</source>
        <translation>主题</translation>
    </message>
</context>
<context>
    <name>NumberStyleEditor</name>
    <message>
        <location filename="../../ui/dialogs/house.py" line="182"/>
        <source>Group thousands in amounts (2,319.1)</source>
        <translation>金额使用千分位（2,319.1）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="191"/>
        <source>Amount decimals (亿元)</source>
        <translation>金额小数位（亿元）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="191"/>
        <source>Percent decimals</source>
        <translation>百分比小数位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="192"/>
        <source>PE decimals</source>
        <translation>PE 小数位</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="220"/>
        <source>Printed as: %1</source>
        <translation>印作：%1</translation>
    </message>
</context>
<context>
    <name>PairTable</name>
    <message>
        <location filename="../../ui/dialogs/house.py" line="38"/>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/house.py" line="39"/>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
</context>
<context>
    <name>PreflightPanel</name>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="34"/>
        <source>Run preflight</source>
        <translation>运行检查</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="36"/>
        <source>Not checked yet</source>
        <translation>尚未检查</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="47"/>
        <source>Confirm these values…</source>
        <translation>确认这些数值…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="48"/>
        <source>Keep the table figures changed outside the workbench as they are now (like workbench check --confirm-outside)</source>
        <translation>按现值保留在工作台之外改动的比较表数值（同 workbench check --confirm-outside）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="52"/>
        <source>Take newer figures…</source>
        <translation>采用较新的数据…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="53"/>
        <source>Print figures of the store dated after the issue&apos;s date in this correction (like workbench correct --take)</source>
        <translation>在本更正版中印出日期晚于本期截至日的库中数据（同 workbench correct --take）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="57"/>
        <source>Click a finding to go to the field at fault.</source>
        <translation>点击检查结果可跳转到对应字段。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="78"/>
        <source>To print some of them anyway: %1</source>
        <translation>如需采用其中的数据，请点 %1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="83"/>
        <source>Go to: %1</source>
        <translation>转到：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="85"/>
        <source>%1 blockers, %2 warnings: not ready to publish</source>
        <translation>%1 个阻止项，%2 个警告：尚不能发布</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="88"/>
        <source>No blockers, %2 warnings</source>
        <translation>无阻止项，%2 个警告</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="91"/>
        <source>No blockers, no warnings: ready to publish</source>
        <translation>无阻止项、无警告：可以发布</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="111"/>
        <source>Final v%1: it passed preflight when it was finalised</source>
        <translation>已定稿 v%1：定稿时已通过发布前检查</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preflight_panel.py" line="116"/>
        <source>The issue&apos;s status changed since the last check: run preflight again</source>
        <translation>上次检查后周报状态已改变，请重新运行发布前检查</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="143"/>
        <source>Refresh preview</source>
        <translation>刷新预览</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="144"/>
        <source>Render the report as it stands now, unsaved changes included</source>
        <translation>按当前内容生成报告（包括未保存的修改）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="147"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="154"/>
        <source>Not rendered yet</source>
        <translation>尚未生成</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="156"/>
        <source>Out of date: the issue changed since these pages were rendered; they are rendered again when you pause typing.</source>
        <translation>预览已过期：这些页面渲染之后周报又有修改，停止输入片刻后会自动重新渲染。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="170"/>
        <source>The report is rendered here when this tab is shown, and again after each pause in typing.</source>
        <translation>切换到此页时会渲染报告，每次停止输入片刻后自动更新。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="196"/>
        <source>Data sources</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="198"/>
        <source>Where each figure of the printed comparison table came from</source>
        <translation>PDF 比较表中每个数据的来源</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="275"/>
        <source>Rendering…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="300"/>
        <source>%1 pages</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="300"/>
        <source>%1 pages · the published PDF</source>
        <translation>%1 页 · 已发布的 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="308"/>
        <source>Preview failed: %1</source>
        <translation>预览失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/side/preview.py" line="348"/>
        <source>Pick a figure above to see where it came from and every change to it</source>
        <translation>选择上方的一个数字，查看它的来源和每一次修改</translation>
    </message>
</context>
<context>
    <name>Provenance</name>
    <message>
        <location filename="../../ui/common/provenance.py" line="29"/>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="30"/>
        <source>Edited by hand</source>
        <translation>手工修改</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="31"/>
        <source>Pasted</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="32"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="33"/>
        <source>Undone</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="34"/>
        <source>Redone</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="35"/>
        <source>Demo data</source>
        <translation>示例数据</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="36"/>
        <source>Synchronised</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="37"/>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="38"/>
        <source>Stored before the change log</source>
        <translation>变更记录启用前已有</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="39"/>
        <source>Written outside the workbench</source>
        <translation>工作台之外写入</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="67"/>
        <source>sheet %1</source>
        <translation>工作表 %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="69"/>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="71"/>
        <source>column %1</source>
        <translation>%1 列</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="85"/>
        <source>synced %1</source>
        <translation>同步于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="95"/>
        <source>as of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/provenance.py" line="110"/>
        <source>Confirmed (unchanged)</source>
        <translation>确认（值未变）</translation>
    </message>
</context>
<context>
    <name>QuoteTableModel</name>
    <message>
        <location filename="../../ui/models/quotes.py" line="30"/>
        <source>Index</source>
        <translation>指数</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="31"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="32"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="33"/>
        <source>Close</source>
        <translation>收盘价</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="34"/>
        <source>Weekly change</source>
        <translation>周涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="36"/>
        <location filename="../../ui/models/quotes.py" line="43"/>
        <source>Benchmark</source>
        <translation>基准</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="80"/>
        <source>%1 is the benchmark index: the cover chart compares the sector index with it, and the market review says whether the sector beat it.</source>
        <translation>%1 是基准指数：封面走势图将行业指数与它比较，市场回顾据此写出“跑赢/跑输大盘”。</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="87"/>
        <source>The benchmark index (right-click an index to change it)</source>
        <translation>基准指数（在某个指数上单击右键可以更换）</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="126"/>
        <source>Only the code, the close and the change can be edited.</source>
        <translation>只能编辑代码、收盘价和周涨跌幅。</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="135"/>
        <source>Delete %1 index quotes?</source>
        <translation>删除 %1 条指数行情？</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="145"/>
        <source>Delete quotes</source>
        <translation>删除行情</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="147"/>
        <source>Set the code of %1</source>
        <translation>设置 %1 的代码</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="153"/>
        <source>Edit %1 %2 %3</source>
        <translation>编辑 %1 %2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/models/quotes.py" line="155"/>
        <source>Edit quote</source>
        <translation>编辑行情</translation>
    </message>
</context>
<context>
    <name>RelatedEditor</name>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="130"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="130"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>RowsEditor</name>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="55"/>
        <source>Add a row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="56"/>
        <source>Remove the row</source>
        <translation>删除该行</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="57"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/rows.py" line="58"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs/small.py" line="29"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="33"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="36"/>
        <source>The language changes the next time the workbench starts.</source>
        <translation>语言将在下次启动工作台时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="40"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>StoreTableModel</name>
    <message>
        <location filename="../../ui/models/base.py" line="366"/>
        <source>This column cannot be edited.</source>
        <translation>此列不可编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/models/base.py" line="383"/>
        <source>Edit cell</source>
        <translation>编辑单元格</translation>
    </message>
</context>
<context>
    <name>SwitchUserDialog</name>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="56"/>
        <source>Switch the desk user</source>
        <translation>切换团队库用户</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="58"/>
        <source>Desk: %1
Syncing as: %2</source>
        <translation>团队库：%1
当前用户：%2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="64"/>
        <source>leave empty to use the password file or keyring</source>
        <translation>留空则使用密码文件或系统钥匙串</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="66"/>
        <source>New &amp;user:</source>
        <translation>新用户(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="67"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="68"/>
        <source>Changes not yet on the desk and open conflicts belong to the current user: sync and settle them first. The password is kept in the system keyring or libpq&apos;s password file, never in the store.</source>
        <translation>尚未同步的修改和未处理的冲突属于当前用户：请先同步并处理。密码保存在系统钥匙串或本机的 PostgreSQL 密码文件中，不会保存在数据文件里。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="78"/>
        <source>&amp;Switch</source>
        <translation>切换(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="107"/>
        <source>Enter the desk user name to sync as.</source>
        <translation>请输入要切换到的团队库用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="117"/>
        <source>Switching the desk user…</source>
        <translation>正在切换团队库用户…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/switch_user_dialog.py" line="143"/>
        <source>Switching the user failed: %1</source>
        <translation>切换用户失败：%1</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="554"/>
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="562"/>
        <source>All segments</source>
        <translation>全部板块</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="636"/>
        <source>Check the value</source>
        <translation>请核对数值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="688"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/table_view.py" line="689"/>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
</context>
<context>
    <name>TableSourcesPanel</name>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="160"/>
        <source>Pick a figure of the comparison table to see where it came from.</source>
        <translation>选中比较表中的一个数据，查看它的来源。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="168"/>
        <source>Market review: each index&apos;s close and weekly change</source>
        <translation>市场回顾：各指数的收盘与周涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="170"/>
        <source>Index</source>
        <translation>指数</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="170"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="170"/>
        <source>Close</source>
        <translation>收盘</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="171"/>
        <source>Weekly change</source>
        <translation>周涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="171"/>
        <source>Base date</source>
        <translation>基准日</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="171"/>
        <source>Base close</source>
        <translation>基准收盘</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="218"/>
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="218"/>
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="251"/>
        <source>%1 %2 · %3: printed %4</source>
        <translation>%1 %2 · %3：PDF 中为 %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="259"/>
        <location filename="../../ui/dialogs/provenance.py" line="370"/>
        <source>Came from: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="262"/>
        <source>The store now holds %1 (changed since this was printed).</source>
        <translation>数据库中现为 %1（印出后已修改）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="301"/>
        <source>From the levels the store holds now it is %1 (changed since this was printed).</source>
        <translation>按库中现在的两期数据计算为 %1（印出后已有变动）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="308"/>
        <source>A YoY was stored and removed since</source>
        <translation>库中曾有该同比，现已删除</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="350"/>
        <source>%1 · the close the weekly change is measured from: %2 on %3</source>
        <translation>%1 · 周涨跌幅的基准：%3 收盘 %2</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="357"/>
        <source>%1 · weekly change %2 = %3 (%4) / %5 (%6) - 1, computed from the closes</source>
        <translation>%1 · 周涨跌幅 %2 = %3（%4）/ %5（%6）- 1，由收盘价计算</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="363"/>
        <source>%1 · weekly change %2: the file&apos;s own, no close before the week to check it</source>
        <translation>%1 · 周涨跌幅 %2：取自文件，本周之前没有收盘可供核对</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/provenance.py" line="367"/>
        <source>%1 · close on %2: %3</source>
        <translation>%1 · %2 收盘：%3</translation>
    </message>
</context>
<context>
    <name>TableSpecEditor</name>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="35"/>
        <source>Data as of</source>
        <translation>数据截至</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="46"/>
        <source>Tick the segments the table shows; drag them into the order it prints</source>
        <translation>勾选表格显示的细分板块；拖动以调整打印顺序</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="47"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="48"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="65"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="67"/>
        <source>Source line</source>
        <translation>资料来源</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="68"/>
        <source>Segments</source>
        <translation>板块</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="71"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="109"/>
        <source>%1 (new)</source>
        <translation>%1（新）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="114"/>
        <source>A segment new since the last issue, not in the table yet: tick it to print its companies</source>
        <translation>上一期之后新增的细分板块，尚未列入比较表：勾选后表中印出其公司</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="116"/>
        <source>New segments not in the table (their companies are left out): %1</source>
        <translation>新增细分板块未列入比较表（其公司不会出现在表中）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/table_spec.py" line="121"/>
        <source>%1 columns under %2: %3</source>
        <translation>%2 下 %1 列：%3</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <location filename="../../ui/services/workers.py" line="98"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ThemesEditor</name>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="53"/>
        <source>Add a theme</source>
        <translation>添加主题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="54"/>
        <source>Remove the theme</source>
        <translation>删除该主题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="55"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="56"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="58"/>
        <source>Theme name, printed in bold, e.g. AI 新消费场景</source>
        <translation>主题名称（加粗输出），如 AI 新消费场景</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="59"/>
        <source>One line: why this theme, now</source>
        <translation>一句话：为何是这个主题、为何是现在</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="63"/>
        <source>Drag to reorder; the PDF prints them in this order</source>
        <translation>拖动可调整顺序；PDF 按此顺序输出</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="65"/>
        <source>Add a stock: type a name or ticker, e.g. 恒玄 or 688608</source>
        <translation>添加标的：输入简称或代码，如 恒玄 或 688608</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="68"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="69"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="87"/>
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="88"/>
        <source>Rationale</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="89"/>
        <source>Stocks to watch</source>
        <translation>关注标的</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="127"/>
        <location filename="../../ui/issue_editor/pages/themes.py" line="175"/>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="161"/>
        <location filename="../../ui/issue_editor/pages/themes.py" line="187"/>
        <source>New theme</source>
        <translation>新主题</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="209"/>
        <source>Several companies match “%1”: type more of the name, or the ticker.</source>
        <translation>有多家公司匹配“%1”：请多输入几个字，或输入代码。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="210"/>
        <source>No company matches “%1”. A company not in the store yet is added with Add Company in the main window (Companies tab); then pick it here.</source>
        <translation>没有匹配“%1”的公司。库中还没有的公司请在主窗口“公司”页用“新增公司”添加，再回到这里选择。</translation>
    </message>
    <message>
        <location filename="../../ui/issue_editor/pages/themes.py" line="219"/>
        <source>%1 is already in this theme.</source>
        <translation>%1 已在本主题中。</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <location filename="../../ui/issue_editor/actions.py" line="84"/>
        <location filename="../../ui/dialogs/small.py" line="119"/>
        <source>User Guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/small.py" line="131"/>
        <source>The user guide is missing from this installation.</source>
        <translation>本安装中缺少使用指南文件。</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../ui/main_window/welcome.py" line="34"/>
        <source>Welcome to Analyst Workbench</source>
        <translation>欢迎使用分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/welcome.py" line="39"/>
        <source>Each week: 1. import the week&apos;s data (Wind, iFinD, Choice or Excel) · 2. check the numbers in Financials · 3. copy last week&apos;s issue forward (File → New Issue from Last Week) · 4. write the views and draft the market review · 5. run preflight, submit for review, finalise · 6. export the PDF. A store marked Demo holds the demo issue: try everything on it, then import your own data.</source>
        <translation>每周的工作：1. 导入本周数据（Wind、iFinD、Choice 或 Excel）· 2. 在“财务对比”中检查数字 · 3. 从上周复制新建周报（文件 → 新建下周周报）· 4. 撰写观点、生成市场回顾 · 5. 发布前检查、提交审核、定稿 · 6. 导出 PDF。状态栏标有“演示数据”的数据库含演示周报：可以先在上面试用各项功能，再导入自己的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/welcome.py" line="52"/>
        <source>Got it</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../../ui/main_window/welcome.py" line="53"/>
        <source>Hide this panel (Help → Welcome shows it again)</source>
        <translation>隐藏此面板（帮助 → 欢迎 可再次显示）</translation>
    </message>
</context>
</TS>
