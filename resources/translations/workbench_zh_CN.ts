<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="64" />
        <source>About Analyst Workbench</source>
        <translation>关于分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="71" />
        <source>(licence file missing)</source>
        <translation>（许可证文件缺失）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="80" />
        <source>WenQuanYi Micro Hei font</source>
        <translation>文泉驿微米黑字体</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="84" />
        <source>Analyst Workbench</source>
        <translation>分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="85" />
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="86" />
        <source>An offline desk tool for a broker’s weekly sector report.</source>
        <translation>离线的券商行业周报制作工具。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="87" />
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="87" />
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="87" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="87" />
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="88" />
        <source>Bundled font licence</source>
        <translation>内置字体许可证</translation>
    </message>
</context>
<context>
    <name>AddCompanyDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="109" />
        <source>Add company</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="121" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="122" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="123" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
</context>
<context>
    <name>ChartDock</name>
    <message>
        <location filename="../../ui/charts.py" line="329" />
        <source>Selected company</source>
        <translation>所选公司</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="347" />
        <source>Industry index vs CSI 300</source>
        <translation>行业指数与沪深300比较</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="361" />
        <source>No market data in this store</source>
        <translation>数据库中没有行情或图表数据</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="386" />
        <source>Select a company to see its revenue and net profit</source>
        <translation>选择一家公司以查看其营业收入与归母净利润</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="394" />
        <source>No revenue or net profit for %1</source>
        <translation>%1 没有营业收入或归母净利润数据</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../ui/charts.py" line="100" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="101" />
        <source>Export this chart as PNG or SVG</source>
        <translation>将此图导出为 PNG 或 SVG</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="104" />
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="105" />
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="298" />
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="298" />
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="299" />
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="406" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="407" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="409" />
        <source>Full name</source>
        <translation>公司全称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="411" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="413" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="436" />
        <source>The ticker cannot be empty.</source>
        <translation>代码不能为空。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="443" />
        <source>The company name cannot be empty.</source>
        <translation>公司简称不能为空。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="455" />
        <source>Delete %1 companies (%2) with all their financial data?</source>
        <translation>删除 %1 家公司（%2）及其全部财务数据？</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="461" />
        <source>Change ticker %1</source>
        <translation>修改代码 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="463" />
        <source>Delete companies</source>
        <translation>删除公司</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="465" />
        <source>Add company %1</source>
        <translation>新增公司 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="466" />
        <source>Edit company</source>
        <translation>编辑公司</translation>
    </message>
</context>
<context>
    <name>DataTableView</name>
    <message>
        <location filename="../../ui/table_view.py" line="174" />
        <source>Copied %1 × %2 cells</source>
        <translation>已复制 %1 × %2 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="202" />
        <source>The pasted block (%1 × %2) does not fit in the table here.</source>
        <translation>粘贴区域（%1 × %2）超出表格范围。</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="214" />
        <source>%1 cannot be edited here.</source>
        <translation>此处不能编辑“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="224" />
        <source>Nothing to change</source>
        <translation>没有需要修改的内容</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="227" />
        <source>Paste %1 cells</source>
        <translation>粘贴 %1 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="231" />
        <source>Pasted %1 cells</source>
        <translation>已粘贴 %1 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="243" />
        <source>Nothing to delete</source>
        <translation>没有可删除的内容</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="245" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>FinancialsTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="503" />
        <location filename="../../ui/models.py" line="505" />
        <source>Valuation</source>
        <translation>估值</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="505" />
        <source>YTD</source>
        <translation>年初至今</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="511" />
        <source>100m CNY</source>
        <translation>亿元</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="543" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="544" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="545" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="570" />
        <source>Edit companies in the Companies view.</source>
        <translation>公司信息请在“公司”视图中编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="587" />
        <source>Clear %1 values?</source>
        <translation>清除 %1 个数值？</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="592" />
        <source>Edit %1</source>
        <translation>编辑%1</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="593" />
        <source>Clear values</source>
        <translation>清除数值</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="605" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_dialog.py" line="33" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="33" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="34" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="34" />
        <source>Full name</source>
        <translation>公司全称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="35" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="35" />
        <location filename="../../ui/import_dialog.py" line="161" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="36" />
        <source>Metric name</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="36" />
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="37" />
        <location filename="../../ui/import_dialog.py" line="161" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="37" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="38" />
        <location filename="../../ui/import_dialog.py" line="208" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="38" />
        <source>Change</source>
        <translation>涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="39" />
        <source>Index code</source>
        <translation>指数代码</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="39" />
        <source>Index name</source>
        <translation>指数名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="40" />
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="40" />
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="41" />
        <source>Not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="123" />
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="135" />
        <source>Add Files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="136" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="140" />
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="160" />
        <location filename="../../ui/import_dialog.py" line="170" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="160" />
        <source>Read as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="160" />
        <source>Map to</source>
        <translation>映射为</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="170" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="170" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="170" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="186" />
        <source>Columns (map unrecognised ones by hand; the mapping is remembered for files with the same headers)</source>
        <translation>列（未识别的列可手动映射；相同表头的文件会记住该映射）</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="193" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="204" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="205" />
        <source>Read and check every file without writing anything</source>
        <translation>读取并检查所有文件，不写入任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="206" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="228" />
        <source>Choose files to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="230" />
        <source>Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="287" />
        <source>Layout: %1</source>
        <translation>版式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="289" />
        <source>header in row %1</source>
        <translation>表头在第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="291" />
        <source>as of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="293" />
        <source>source %1</source>
        <translation>来源 %1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="296" />
        <source>%1 columns not recognised</source>
        <translation>%1 列未识别</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="318" />
        <source>As read</source>
        <translation>按识别结果</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="324" />
        <source>Value: %1</source>
        <translation>数值：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="413" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="413" />
        <location filename="../../ui/import_dialog.py" line="415" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="415" />
        <source>Checking files…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="418" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="427" />
        <source>Check passed; nothing written yet.</source>
        <translation>检查通过，尚未写入数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="435" />
        <source>Imported.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="453" />
        <source>Import cancelled; the store is unchanged.</source>
        <translation>导入已取消，数据未改变。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="459" />
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
</context>
<context>
    <name>IssueListModel</name>
    <message>
        <location filename="../../ui/models.py" line="725" />
        <source>No.</source>
        <translation>期号</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="726" />
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="728" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="729" />
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="730" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="731" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="732" />
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="738" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="740" />
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="742" />
        <source>Final</source>
        <translation>已定稿</translation>
    </message>
</context>
<context>
    <name>IssuesPage</name>
    <message>
        <location filename="../../ui/issues_view.py" line="27" />
        <source>All issues</source>
        <translation>全部周报</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="28" />
        <source>Filter issues…</source>
        <translation>筛选周报…</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="58" />
        <source>No issues in this store yet.</source>
        <translation>数据库中还没有周报。</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="98" />
        <source>Analysts</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="100" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="101" />
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="102" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="103" />
        <source>Rating</source>
        <translation>评级</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="104" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="122" />
        <source>Market review</source>
        <translation>市场回顾</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="123" />
        <source>Industry views</source>
        <translation>行业观点</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="131" />
        <source>Investment advice</source>
        <translation>投资建议</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="132" />
        <source>Risks</source>
        <translation>风险提示</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="134" />
        <source>Figures</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="138" />
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="139" />
        <source>%1 columns</source>
        <translation>%1 列</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="143" />
        <source>Related reports</source>
        <translation>相关报告</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="50" />
        <location filename="../../ui/main_window.py" line="52" />
        <source>Filter by ticker, name, segment…</source>
        <translation>按代码、简称、板块筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="53" />
        <source>All indices</source>
        <translation>全部指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="54" />
        <source>Filter by index, code, date…</source>
        <translation>按指数、代码、日期筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="56" />
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57" />
        <source>Financials</source>
        <translation>财务对比</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58" />
        <source>Index quotes</source>
        <translation>指数行情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59" />
        <source>Issues</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="67" />
        <location filename="../../ui/main_window.py" line="159" />
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72" />
        <source>Loading charts…</source>
        <translation>正在加载图表…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113" />
        <source>&amp;New Store…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>Create an empty store file</source>
        <translation>新建一个空的数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115" />
        <source>&amp;Open Store…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116" />
        <source>Open a store file</source>
        <translation>打开数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117" />
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="118" />
        <source>Import Wind/iFinD/Excel/CSV files</source>
        <translation>导入 Wind/iFinD/Excel/CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119" />
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120" />
        <source>Export the selected (or latest) issue as PDF</source>
        <translation>将选中（或最新）的周报导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133" />
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134" />
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135" />
        <source>Copy the selection as tab-separated text with headers</source>
        <translation>将选中区域连同表头复制为制表符分隔文本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136" />
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137" />
        <source>Paste tab-separated text from Excel or WPS over the selection</source>
        <translation>将 Excel 或 WPS 的制表符分隔文本粘贴到选中区域</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139" />
        <source>Delete the selected companies, values or quotes</source>
        <translation>删除选中的公司、数值或行情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140" />
        <source>&amp;Add Company…</source>
        <translation>新增公司(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141" />
        <source>Add a company to the store</source>
        <translation>向数据库新增一家公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142" />
        <source>Add Company</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144" />
        <source>Filter the current table</source>
        <translation>筛选当前表格</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150" />
        <source>&amp;Companies</source>
        <translation>公司(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150" />
        <source>&amp;Financials</source>
        <translation>财务对比(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150" />
        <source>Index &amp;Quotes</source>
        <translation>指数行情(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151" />
        <source>&amp;Issues</source>
        <translation>周报(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158" />
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161" />
        <source>All &amp;Metric Columns</source>
        <translation>显示全部指标列(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164" />
        <source>&amp;Report Order</source>
        <translation>恢复报告顺序(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165" />
        <source>Sort the table back into the report's order</source>
        <translation>按报告中的顺序重新排列表格</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166" />
        <source>Re&amp;load</source>
        <translation>重新载入(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167" />
        <source>Read everything again from the store</source>
        <translation>从数据库重新读取全部数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168" />
        <source>&amp;About Analyst Workbench</source>
        <translation>关于分析师工作台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170" />
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178" />
        <source>Recent &amp;Stores</source>
        <translation>最近的数据库(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="201" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>&amp;Toolbar</source>
        <translation>工具栏(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237" />
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="246" />
        <source>Cannot open store</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="274" />
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278" />
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="301" />
        <location filename="../../ui/main_window.py" line="306" />
        <source>New store</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="302" />
        <location filename="../../ui/main_window.py" line="313" />
        <source>Workbench store (%1)</source>
        <translation>工作台数据库 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307" />
        <source>%1 already exists; it is opened as it is.</source>
        <translation>%1 已存在，将直接打开。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312" />
        <source>Open store</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="335" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="338" />
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="433" />
        <source>Issues are read-only here.</source>
        <translation>周报在此处为只读。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="445" />
        <source>No store is open.</source>
        <translation>没有打开的数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="453" />
        <source>Added %1</source>
        <translation>已新增 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="118" />
        <location filename="../../ui/main_window.py" line="488" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="488" />
        <source>Import is not available: %1</source>
        <translation>导入功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121" />
        <location filename="../../ui/main_window.py" line="505" />
        <location filename="../../ui/main_window.py" line="514" />
        <location filename="../../ui/main_window.py" line="518" />
        <location filename="../../ui/main_window.py" line="537" />
        <location filename="../../ui/main_window.py" line="551" />
        <location filename="../../ui/main_window.py" line="556" />
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="506" />
        <source>PDF export is not available: %1</source>
        <translation>PDF 导出功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="519" />
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="526" />
        <source>Exporting PDF…</source>
        <translation>正在导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="529" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="532" />
        <source>Exported %1 pages to %2</source>
        <translation>已导出 %1 页到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="539" />
        <source>Warnings:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="548" />
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="557" />
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="590" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128" />
        <location filename="../../ui/main_window.py" line="593" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="602" />
        <source>%1 companies · %2 facts · %3 quotes · %4 issues</source>
        <translation>公司 %1 · 财务数据 %2 · 行情 %3 · 周报 %4</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="610" />
        <source>Analyst Workbench</source>
        <translation>分析师工作台</translation>
    </message>
</context>
<context>
    <name>QuoteTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="656" />
        <source>Index</source>
        <translation>指数</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="657" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="658" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="659" />
        <source>Close</source>
        <translation>收盘价</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="660" />
        <source>Weekly change</source>
        <translation>周涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="685" />
        <source>A close is a level, not a percentage.</source>
        <translation>收盘价是点位，不是百分比。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="688" />
        <source>The close cannot be empty; use Delete to remove a quote.</source>
        <translation>收盘价不能为空；如需删除行情请使用“删除”。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="698" />
        <source>Only the close and the change can be edited.</source>
        <translation>只能编辑收盘价和涨跌幅。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="704" />
        <source>Delete %1 index quotes?</source>
        <translation>删除 %1 条指数行情？</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="709" />
        <source>Delete quotes</source>
        <translation>删除行情</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="710" />
        <source>Edit quote</source>
        <translation>编辑行情</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="24" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="28" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="31" />
        <source>The language changes the next time the workbench starts.</source>
        <translation>语言将在下次启动工作台时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="35" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>StoreTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="362" />
        <source>This column cannot be edited.</source>
        <translation>此列不可编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="369" />
        <source>Edit cell</source>
        <translation>编辑单元格</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <location filename="../../ui/table_view.py" line="273" />
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="279" />
        <source>All segments</source>
        <translation>全部板块</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="352" />
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="353" />
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <location filename="../../ui/workers.py" line="68" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>