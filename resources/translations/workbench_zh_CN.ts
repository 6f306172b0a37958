<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="66" />
        <source>About Analyst Workbench</source>
        <translation>关于分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="73" />
        <source>(licence file missing)</source>
        <translation>（许可证文件缺失）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="82" />
        <source>WenQuanYi Micro Hei font</source>
        <translation>文泉驿微米黑字体</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="86" />
        <source>Analyst Workbench</source>
        <translation>分析师工作台</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="87" />
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="88" />
        <source>An offline desk tool for a broker’s weekly sector report.</source>
        <translation>离线的券商行业周报制作工具。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="89" />
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="89" />
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="89" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="89" />
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="90" />
        <source>Bundled font licence</source>
        <translation>内置字体许可证</translation>
    </message>
</context>
<context>
    <name>AddCompanyDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="111" />
        <source>Add company</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="123" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="124" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="125" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
</context>
<context>
    <name>ChartArea</name>
    <message>
        <location filename="../../ui/charts.py" line="332" />
        <source>Selected company</source>
        <translation>所选公司</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="350" />
        <source>Industry index vs CSI 300</source>
        <translation>行业指数与沪深300比较</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="364" />
        <source>No market data in this store</source>
        <translation>数据库中没有行情或图表数据</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="393" />
        <source>Select a company to see its revenue and net profit</source>
        <translation>选择一家公司以查看其营业收入与归母净利润</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="401" />
        <source>No revenue or net profit for %1</source>
        <translation>%1 没有营业收入或归母净利润数据</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../ui/charts.py" line="102" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="103" />
        <source>Export this chart as PNG or SVG</source>
        <translation>将此图导出为 PNG 或 SVG</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="106" />
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="107" />
        <source>Export SVG…</source>
        <translation>导出 SVG…</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="300" />
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="300" />
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../ui/charts.py" line="301" />
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="408" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="409" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="411" />
        <source>Full name</source>
        <translation>公司全称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="413" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="415" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="438" />
        <source>The ticker cannot be empty.</source>
        <translation>代码不能为空。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="445" />
        <source>The company name cannot be empty.</source>
        <translation>公司简称不能为空。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="457" />
        <source>Delete %1 companies (%2) with all their financial data?</source>
        <translation>删除 %1 家公司（%2）及其全部财务数据？</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="463" />
        <source>Change ticker %1</source>
        <translation>修改代码 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="465" />
        <source>Delete companies</source>
        <translation>删除公司</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="467" />
        <source>Add company %1</source>
        <translation>新增公司 %1</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="468" />
        <source>Edit company</source>
        <translation>编辑公司</translation>
    </message>
</context>
<context>
    <name>DataTableView</name>
    <message>
        <location filename="../../ui/table_view.py" line="176" />
        <source>Copied %1 × %2 cells</source>
        <translation>已复制 %1 × %2 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="204" />
        <source>The pasted block (%1 × %2) does not fit in the table here.</source>
        <translation>粘贴区域（%1 × %2）超出表格范围。</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="216" />
        <source>%1 cannot be edited here.</source>
        <translation>此处不能编辑“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="226" />
        <source>Nothing to change</source>
        <translation>没有需要修改的内容</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="229" />
        <source>Paste %1 cells</source>
        <translation>粘贴 %1 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="233" />
        <source>Pasted %1 cells</source>
        <translation>已粘贴 %1 个单元格</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="245" />
        <source>Nothing to delete</source>
        <translation>没有可删除的内容</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="247" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>FinancialsTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="505" />
        <location filename="../../ui/models.py" line="507" />
        <source>Valuation</source>
        <translation>估值</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="507" />
        <source>YTD</source>
        <translation>年初至今</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="513" />
        <source>100m CNY</source>
        <translation>亿元</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="545" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="546" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="547" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="572" />
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
        <location filename="../../ui/import_dialog.py" line="35" />
        <source>Ticker</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="35" />
        <source>Name</source>
        <translation>简称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="36" />
        <source>Segment</source>
        <translation>细分板块</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="36" />
        <source>Full name</source>
        <translation>公司全称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="37" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="37" />
        <location filename="../../ui/import_dialog.py" line="163" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="38" />
        <source>Metric name</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="38" />
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="39" />
        <location filename="../../ui/import_dialog.py" line="163" />
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="39" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="40" />
        <location filename="../../ui/import_dialog.py" line="210" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="40" />
        <source>Change</source>
        <translation>涨跌幅</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="41" />
        <source>Index code</source>
        <translation>指数代码</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="41" />
        <source>Index name</source>
        <translation>指数名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="42" />
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="42" />
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="43" />
        <source>Not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="125" />
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="137" />
        <source>Add Files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="138" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="142" />
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="162" />
        <location filename="../../ui/import_dialog.py" line="172" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="162" />
        <source>Read as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="162" />
        <source>Map to</source>
        <translation>映射为</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="172" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="172" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="172" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="188" />
        <source>Columns (map unrecognised ones by hand; the mapping is remembered for files with the same headers)</source>
        <translation>列（未识别的列可手动映射；相同表头的文件会记住该映射）</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="195" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="206" />
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="207" />
        <source>Read and check every file without writing anything</source>
        <translation>读取并检查所有文件，不写入任何数据</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="208" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="230" />
        <source>Choose files to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="232" />
        <source>Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="289" />
        <source>Layout: %1</source>
        <translation>版式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="291" />
        <source>header in row %1</source>
        <translation>表头在第 %1 行</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="293" />
        <source>as of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="295" />
        <source>source %1</source>
        <translation>来源 %1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="298" />
        <source>%1 columns not recognised</source>
        <translation>%1 列未识别</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="320" />
        <source>As read</source>
        <translation>按识别结果</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="326" />
        <source>Value: %1</source>
        <translation>数值：%1</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="415" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="415" />
        <location filename="../../ui/import_dialog.py" line="417" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="417" />
        <source>Checking files…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="420" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="429" />
        <source>Check passed; nothing written yet.</source>
        <translation>检查通过，尚未写入数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="437" />
        <source>Imported.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="455" />
        <source>Import cancelled; the store is unchanged.</source>
        <translation>导入已取消，数据未改变。</translation>
    </message>
    <message>
        <location filename="../../ui/import_dialog.py" line="461" />
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
</context>
<context>
    <name>IssueListModel</name>
    <message>
        <location filename="../../ui/models.py" line="720" />
        <source>No.</source>
        <translation>期号</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="721" />
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="723" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="724" />
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="725" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="726" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="727" />
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="733" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="735" />
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="737" />
        <source>Final</source>
        <translation>已定稿</translation>
    </message>
</context>
<context>
    <name>IssuesPage</name>
    <message>
        <location filename="../../ui/issues_view.py" line="29" />
        <source>All issues</source>
        <translation>全部周报</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="30" />
        <source>Filter issues…</source>
        <translation>筛选周报…</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="60" />
        <source>No issues in this store yet.</source>
        <translation>数据库中还没有周报。</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="100" />
        <source>Analysts</source>
        <translation>分析师</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="102" />
        <source>Period</source>
        <translation>报告期</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="103" />
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="104" />
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="105" />
        <source>Rating</source>
        <translation>评级</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="106" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="124" />
        <source>Market review</source>
        <translation>市场回顾</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="125" />
        <source>Industry views</source>
        <translation>行业观点</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="133" />
        <source>Investment advice</source>
        <translation>投资建议</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="134" />
        <source>Risks</source>
        <translation>风险提示</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="136" />
        <source>Figures</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="140" />
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="141" />
        <source>%1 columns</source>
        <translation>%1 列</translation>
    </message>
    <message>
        <location filename="../../ui/issues_view.py" line="145" />
        <source>Related reports</source>
        <translation>相关报告</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="135" />
        <location filename="../../ui/main_window.py" line="137" />
        <source>Filter by ticker, name, segment…</source>
        <translation>按代码、简称、板块筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138" />
        <source>All indices</source>
        <translation>全部指数</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139" />
        <source>Filter by index, code, date…</source>
        <translation>按指数、代码、日期筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94" />
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94" />
        <source>Financials</source>
        <translation>财务对比</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94" />
        <source>Index quotes</source>
        <translation>指数行情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94" />
        <source>Issues</source>
        <translation>周报</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95" />
        <source>Opening the store…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="232" />
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101" />
        <source>Loading charts…</source>
        <translation>正在加载图表…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183" />
        <source>&amp;New Store…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184" />
        <source>Create an empty store file</source>
        <translation>新建一个空的数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185" />
        <source>&amp;Open Store…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="186" />
        <source>Open a store file</source>
        <translation>打开数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="186" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187" />
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188" />
        <source>Import Wind/iFinD/Excel/CSV files</source>
        <translation>导入 Wind/iFinD/Excel/CSV 文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189" />
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190" />
        <source>Export the selected (or latest) issue as PDF</source>
        <translation>将选中（或最新）的周报导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="203" />
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204" />
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>Copy the selection as tab-separated text with headers</source>
        <translation>将选中区域连同表头复制为制表符分隔文本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206" />
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207" />
        <source>Paste tab-separated text from Excel or WPS over the selection</source>
        <translation>将 Excel 或 WPS 的制表符分隔文本粘贴到选中区域</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209" />
        <source>Delete the selected companies, values or quotes</source>
        <translation>删除选中的公司、数值或行情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210" />
        <source>&amp;Add Company…</source>
        <translation>新增公司(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211" />
        <source>Add a company to the store</source>
        <translation>向数据库新增一家公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212" />
        <source>Add Company</source>
        <translation>新增公司</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="213" />
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214" />
        <source>Filter the current table</source>
        <translation>筛选当前表格</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>&amp;Companies</source>
        <translation>公司(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>&amp;Financials</source>
        <translation>财务对比(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>Index &amp;Quotes</source>
        <translation>指数行情(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221" />
        <source>&amp;Issues</source>
        <translation>周报(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227" />
        <location filename="../../ui/main_window.py" line="231" />
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228" />
        <source>Show or hide the charts</source>
        <translation>显示或隐藏图表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="234" />
        <source>All &amp;Metric Columns</source>
        <translation>显示全部指标列(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237" />
        <source>&amp;Report Order</source>
        <translation>恢复报告顺序(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238" />
        <source>Sort the table back into the report's order</source>
        <translation>按报告中的顺序重新排列表格</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="239" />
        <source>Re&amp;load</source>
        <translation>重新载入(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240" />
        <source>Read everything again from the store</source>
        <translation>从数据库重新读取全部数据</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="241" />
        <source>&amp;About Analyst Workbench</source>
        <translation>关于分析师工作台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243" />
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251" />
        <source>Recent &amp;Stores</source>
        <translation>最近的数据库(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="274" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="293" />
        <source>&amp;Toolbar</source>
        <translation>工具栏(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310" />
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="324" />
        <source>Cannot open store</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="353" />
        <source>All changes saved</source>
        <translation>所有修改已保存</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357" />
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="380" />
        <location filename="../../ui/main_window.py" line="385" />
        <source>New store</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="381" />
        <location filename="../../ui/main_window.py" line="392" />
        <source>Workbench store (%1)</source>
        <translation>工作台数据库 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386" />
        <source>%1 already exists; it is opened as it is.</source>
        <translation>%1 已存在，将直接打开。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="391" />
        <source>Open store</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="414" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="417" />
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="520" />
        <source>Issues are read-only here.</source>
        <translation>周报在此处为只读。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="534" />
        <source>No store is open.</source>
        <translation>没有打开的数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="542" />
        <source>Added %1</source>
        <translation>已新增 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188" />
        <location filename="../../ui/main_window.py" line="579" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="579" />
        <source>Import is not available: %1</source>
        <translation>导入功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191" />
        <location filename="../../ui/main_window.py" line="599" />
        <location filename="../../ui/main_window.py" line="608" />
        <location filename="../../ui/main_window.py" line="612" />
        <location filename="../../ui/main_window.py" line="631" />
        <location filename="../../ui/main_window.py" line="649" />
        <location filename="../../ui/main_window.py" line="654" />
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="600" />
        <source>PDF export is not available: %1</source>
        <translation>PDF 导出功能不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="613" />
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="620" />
        <source>Exporting PDF…</source>
        <translation>正在导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="623" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="626" />
        <source>Exported %1 pages to %2</source>
        <translation>已导出 %1 页到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="633" />
        <source>Warnings:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="645" />
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="655" />
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="710" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198" />
        <location filename="../../ui/main_window.py" line="713" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="722" />
        <source>%1 companies · %2 facts · %3 quotes · %4 issues</source>
        <translation>公司 %1 · 财务数据 %2 · 行情 %3 · 周报 %4</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="730" />
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
        <location filename="../../ui/models.py" line="693" />
        <source>Only the close and the change can be edited.</source>
        <translation>只能编辑收盘价和涨跌幅。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="699" />
        <source>Delete %1 index quotes?</source>
        <translation>删除 %1 条指数行情？</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="704" />
        <source>Delete quotes</source>
        <translation>删除行情</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="705" />
        <source>Edit quote</source>
        <translation>编辑行情</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="26" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="30" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="33" />
        <source>The language changes the next time the workbench starts.</source>
        <translation>语言将在下次启动工作台时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="37" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>StoreTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="364" />
        <source>This column cannot be edited.</source>
        <translation>此列不可编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="371" />
        <source>Edit cell</source>
        <translation>编辑单元格</translation>
    </message>
</context>
<context>
    <name>TablePage</name>
    <message>
        <location filename="../../ui/table_view.py" line="275" />
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="281" />
        <source>All segments</source>
        <translation>全部板块</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="354" />
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../ui/table_view.py" line="355" />
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <location filename="../../ui/workers.py" line="76" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
</TS>