"""The first screen opens without pandas: the store loads sqlite-utils without its optional
pandas/numpy support (about a second of imports it never needs to read), and a DataFrame's
values written later still get the column types sqlite-utils gives them with pandas loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# a script's start: the app's window opened on the store given as its first argument
WINDOW = ("import sys\n"
          "from pathlib import Path\n"
          "from PySide6.QtCore import QTimer\n"
          "from ui.app import create_application, show_main_window\n"
          "app = create_application([])\n"
          "window = show_main_window(Path(sys.argv[1]))\n")


def _python(code: str, *args, tmp_path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_reading_the_store_loads_neither_pandas_nor_numpy(demo_path, tmp_path):
    out = _python(
        "import sys\n"
        "from workbench.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "print(s.counts()['companies'] > 0)\n"
        "print('pandas' in sys.modules, 'numpy' in sys.modules)\n",
        demo_path, tmp_path=tmp_path)
    assert out == ["True", "False", "False"]


def test_the_window_fills_its_tables_without_sqlite_utils_and_opens_the_store_after(demo_path, tmp_path):
    # the first screen reads through the plain sqlite3 reader; the full Store (sqlite-utils) opens in
    # the idle time after it, still without pandas
    out = _python(
        WINDOW +
        "def filled(*_):\n"
        "    print(window.financials_page.model.rowCount(), window.companies_page.model.rowCount())\n"
        "    print(window.session.store.is_open, 'pandas' in sys.modules, 'sqlite_utils' in sys.modules)\n"
        "    def later():\n"
        "        if not window.session.store.is_open:\n"
        "            QTimer.singleShot(50, later)\n"
        "            return\n"
        "        print('pandas' in sys.modules, 'sqlite_utils' in sys.modules, window.desk.session is window.session)\n"
        "        app.quit()\n"
        "    QTimer.singleShot(0, later)\n"
        "window.store_opened.connect(filled)\n"
        "QTimer.singleShot(60000, lambda: app.exit(3))\n"
        "app.exec()\n",
        demo_path, tmp_path=tmp_path)
    import sqlite3

    conn = sqlite3.connect(demo_path)
    companies = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
    conn.close()
    assert companies > 20
    assert out == [str(companies), str(companies), "False", "False", "False", "False", "True", "True"]


def test_the_window_draws_its_charts_without_pandas(demo_path, tmp_path):
    out = _python(
        WINDOW +
        "window.charts_ready.connect(lambda: QTimer.singleShot(0, app.quit))\n"
        "app.exec()\n"
        "print('pandas' in sys.modules, 'pyqtgraph' in sys.modules)\n",
        demo_path, tmp_path=tmp_path)
    assert out == ["False", "False"]  # drawn without pandas, and without pyqtgraph (it loads in idle time)


def test_numpy_and_pandas_values_get_the_usual_column_types_after_a_lean_start(tmp_path):
    # sqlite-utils maps numpy integers to INTEGER, numpy floats to REAL and pandas.Timestamp to
    # TEXT when it loads with them (sqlite_utils/db.py, COLUMN_TYPE_MAPPING)
    out = _python(
        "import sys\n"
        "from workbench.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "import numpy as np, pandas as pd\n"
        "s.db['probe'].create({'i8': np.int8, 'u64': np.uint64, 'i64': np.int64,\n"
        "                      'f16': np.float16, 'f64': np.float64, 'ts': pd.Timestamp})\n"
        "s.db['probe'].insert({'i8': 1, 'u64': 2, 'i64': np.int64(3).item(), 'f16': 0.5,\n"
        "                      'f64': np.float64(1.25), 'ts': str(pd.Timestamp('2024-12-27').date())})\n"
        "print(list(s.db['probe'].rows)[0]['f64'], list(s.db['probe'].rows)[0]['ts'])\n"
        "print(' '.join(f'{c.name}={c.type}' for c in s.db['probe'].columns))\n",
        tmp_path / "lean.sqlite", tmp_path=tmp_path)
    assert out == ["1.25", "2024-12-27",
                   "i8=INTEGER", "u64=INTEGER", "i64=INTEGER", "f16=REAL", "f64=REAL", "ts=TEXT"]


def test_an_unknown_column_type_is_still_refused_after_a_lean_start(tmp_path):
    out = _python(
        "import sys\n"
        "from workbench.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "try:\n"
        "    s.db['probe'].create({'x': complex})\n"
        "except KeyError:\n"
        "    print('refused')\n",
        tmp_path / "lean.sqlite", tmp_path=tmp_path)
    assert out == ["refused"]


def test_charts_are_drawn_before_pyqtgraph_loads_and_from_their_pictures_after_a_session(demo_path, tmp_path):
    draw = (
        WINDOW +
        "def ready():\n"
        "    print('pyqtgraph' in sys.modules, window.charts.is_live(),\n"
        "          all(p.showing_picture() for p in window.charts._panels.values()))\n"
        "    def live():\n"
        "        print('pyqtgraph' in sys.modules)\n"
        "        if sys.argv[2] == 'first':  # the pictures are written once the live charts are on screen\n"
        "            QTimer.singleShot(300, lambda: (window.charts.save_pictures(), app.quit()))\n"
        "        else:\n"
        "            app.quit()\n"
        "    window.charts.panels_ready.connect(live)\n"
        "window.charts_ready.connect(ready)\n"
        "app.exec()\n")
    # the same window size in both starts (a picture stands in only at the size it was taken; the
    # offscreen platform restores a saved geometry a frame smaller)
    draw = draw.replace("window = show_main_window(Path(sys.argv[1]))\n",
                        "window = show_main_window(Path(sys.argv[1]))\nwindow.resize(1200, 700)\n")
    # a first start: the charts' specs drawn, no pictures yet; the next start: their pictures
    assert _python(draw, demo_path, "first", tmp_path=tmp_path) == ["False", "False", "False", "True"]
    assert _python(draw, demo_path, "again", tmp_path=tmp_path) == ["False", "False", "True", "True"]
