"""The text a desk push stages for its facts, the revisions it records for them and the changes it
lists, checked against a plain-Python rendering of the same rows read with sqlite3 (and, for the
listing, against the listing's earlier algorithm kept here): keys with a tab, a backslash, a line
break or the staging's number mark, every kind of value a column can hold (NULLs, text in a number
column, numbers in a text column, doubles that need 17 digits), deletions of facts the desk has
and facts the desk never had."""

from __future__ import annotations

import json
import sqlite3

import pytest

from workbench.store import sync_state

WS = "ws-7f3a"
# keys the staging must escape as COPY fields (and one a push leaves out: four parts)
ODD_TICKERS = ["TAB\tX", "BACK\\SLASH", "NEW\nLINE", "CR\rX", "MARK\x01X", "中文.SH", "PIPE|X"]
PLAIN_TICKERS = ["600000.SH", "000001.SZ", "300750.SZ"]
# doubles whose shortest exact form is long, and small and large ones
DOUBLES = [0.1 + 0.2, 1 / 3, 2 / 3, 5e-324, 1.7976931348623157e308, -0.0, 1e22, 1e16, 1e-5, 123456789012345680.0,
           -2.5, 0.30000000000000004, 9007199254740993.0, 12.0, 1e15 + 0.3]


def _copy_field(text: str) -> str:
    """A field of PostgreSQL's COPY text format, as the staging writes it (its number mark, char 1,
    written as the octal escape so that no raw one is left in the text)."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            .replace("\x01", "\\001"))


def _json(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, float):
        return float.__repr__(v)  # (the shortest form that gives the same double back)
    if isinstance(v, int):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def _expected(path, keys: dict, own: set) -> tuple[str, int, list]:
    """The staging text of ``keys`` (facts only, four-part keys and ``own`` left out), rendered in
    Python from the rows as sqlite3 reads them: one line per fact in key order (bytes), its image or
    \\N for a deletion of a fact the desk has; a fact neither here nor on the desk is dropped."""
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(facts)")
            if r[1] not in ("ticker", "metric", "period", "log_mark")]
    facts = {f"{r[0]}|{r[1]}|{r[2]}": r[3:] for r in conn.execute(
        f"SELECT ticker, metric, period, {', '.join(cols)} FROM facts")}
    on_desk = {r[0] for r in conn.execute("SELECT key FROM sync_rows WHERE tbl = 'facts'")}
    conn.close()
    wanted = sorted((k for (t, k) in keys if t == "facts" and k.count("|") == 2 and ("facts", k) not in own),
                    key=lambda k: k.encode("utf-8"))
    lines, dropped = [], []
    for k in wanted:
        if k in facts:
            image = "{" + ",".join(f"{json.dumps(c)}:{_json(v)}" for c, v in zip(cols, facts[k])) + "}"
            lines.append(f"facts\t{_copy_field(k)}\t{_copy_field(image)}\t{_copy_field(WS)}\t{keys[('facts', k)]}\n")
        elif k in on_desk:
            lines.append(f"facts\t{_copy_field(k)}\t\\N\t{_copy_field(WS)}\t{keys[('facts', k)]}\n")
        else:
            dropped.append(("facts", k))
    return "".join(lines), len(lines), dropped


def _staged_keys(path, keys: dict, own: set) -> set[str]:
    """The keys among ``keys`` of the facts the store holds (those a push stages with an image)."""
    conn = sqlite3.connect(path)
    held = {f"{r[0]}|{r[1]}|{r[2]}" for r in conn.execute("SELECT ticker, metric, period FROM facts")}
    conn.close()
    return {k for t, k in keys if t == "facts" and k in held and ("facts", k) not in own and k.count("|") == 2}


def _fill(store, tickers: list[str]) -> dict:
    """Companies and facts of every kind written straight into the file (as another program would:
    the store's own writes never make some of them); returns the keys to push, each with a seq."""
    conn = store.db.conn
    with store.transaction():
        for i, t in enumerate(tickers):
            conn.execute("INSERT INTO companies (ticker, name, position) VALUES (?, ?, ?)", [t, f"公司{i}", i])
        rows = []
        for i, t in enumerate(tickers):
            for j, v in enumerate(DOUBLES):
                rows.append((t, "eps", f"{2000 + j}A", v, "a.xlsx", "2025-01-03", j + 2, "B"))
            rows += [
                (t, "revenue", "2024A", None, None, None, None, None),  # every column NULL
                (t, "revenue", "2023A", "12,3", 'say "hi"\\ \t\n\x01 é', "2025-01-03", 2.5, 7),  # text value
                (t, "revenue", "2022A", 5, 123, 20250103, "r7", None),  # numbers in text columns
                (t, "revenue", "2021A", 1e300, "x", None, 10**15, "\u2028"),
                (t, "pe", "2024E", -7.25, "", "", 0, ""),
            ]
        conn.executemany("INSERT INTO facts (ticker, metric, period, value, source, as_of, src_row, src_col) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        # the desk has some of them, and two facts this store deleted; it never had a third one deleted
        revs = [("facts", f"{t}|eps|2000A", 40 + i) for i, t in enumerate(tickers)]
        revs += [("facts", f"{t}|pe|1999A", 90 + i) for i, t in enumerate(tickers)]
        sync_state.set_base_revs(store, revs)
    keys = {("facts", f"{r[0]}|{r[1]}|{r[2]}"): 1000 + n for n, r in enumerate(rows)}
    for i, t in enumerate(tickers):
        keys[("facts", f"{t}|pe|1999A")] = 5000 + i  # deleted here, on the desk
        keys[("facts", f"{t}|pe|1998A")] = 6000 + i  # deleted here, never on the desk
    keys[("quotes", "idx-1|2025-01-03")] = 7000  # (not a fact: not staged)
    return keys


@pytest.mark.parametrize("tickers", [PLAIN_TICKERS, PLAIN_TICKERS + ODD_TICKERS, PLAIN_TICKERS + ["MARK\x01X"],
                                     PLAIN_TICKERS + ["BACK\\SLASH"]],
                         ids=["plain-keys", "odd-keys", "number-mark-key", "backslash-key"])
def test_staging_text_is_the_rows_rendered_in_copy_format(store, tickers):
    keys = _fill(store, tickers)
    own = {("facts", f"{PLAIN_TICKERS[0]}|pe|2024E")}  # (a fact whose line the caller writes itself)
    text, n, dropped, odd = sync_state.stage_facts(store, keys, sorted(own), WS)
    want_text, want_n, want_dropped = _expected(store.path, keys, own)
    # the figures the desk would refuse include every one that is not a number (the desk's rule looks
    # at these again), and name only facts staged here
    not_numbers = {("facts", f"{t}|revenue|2023A") for t in tickers if "|" not in t}
    staged = {("facts", k) for k in _staged_keys(store.path, keys, own)}
    assert not_numbers <= set(odd) <= staged
    assert n == want_n and n >= 20 * sum("|" not in t for t in tickers)
    assert sorted(dropped) == sorted(want_dropped) and len(dropped) == len(tickers) - ("PIPE|X" in tickers)
    assert text.split("\n") == want_text.split("\n")  # (line by line first: a difference reads better)
    assert text == want_text
    assert "\x01" not in text


@pytest.mark.parametrize("tickers", [PLAIN_TICKERS, PLAIN_TICKERS + ODD_TICKERS], ids=["plain-keys", "odd-keys"])
def test_recorded_revisions_number_the_lines_in_key_order(store, tickers):
    keys = _fill(store, tickers)
    staged, _, _ = _expected(store.path, keys, set())
    with store.transaction():
        text, n, dropped, _odd = sync_state.stage_facts(store, keys, [], WS)
        leave_out = [("facts", f"{tickers[-1]}|eps|2003A")]
        before = dict(store.db.execute("SELECT key, rev FROM sync_rows WHERE tbl = 'facts'").fetchall())
        first = 41  # (below some revisions the desk gave before: those stay)
        sync_state.record_fact_revs(store, first, leave_out)
    after = dict(store.db.execute("SELECT key, rev FROM sync_rows WHERE tbl = 'facts'").fetchall())
    # the key of each line, in the text's order, as PostgreSQL reads the field back
    unescape = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r", "\\001": "\x01"}
    numbered = []
    for line in staged.split("\n")[:-1]:
        field = line.split("\t")[1]
        out, i = [], 0
        while i < len(field):
            for esc, ch in unescape.items():
                if field.startswith(esc, i):
                    out.append(ch)
                    i += len(esc)
                    break
            else:
                out.append(field[i])
                i += 1
        numbered.append("".join(out))
    numbered = [k for k in numbered if ("facts", k) not in leave_out]
    want = dict(before)
    for rank, k in enumerate(numbered):
        want[k] = max(want.get(k, 0), first + rank)
    assert after == want
    assert any(before.get(k, 0) > first + rank for rank, k in enumerate(numbered))  # (a revision kept)
    assert sum(1 for k in numbered if k not in before) > 10  # (rows recorded for the first time)


# ---------------------------------------------------------------- the listing of the changes
def _pending_as_listed_before(store) -> sync_state.Pending:
    """The changes waiting to be pushed, by the listing's earlier algorithm (every change taken
    with the same steps): the truth the listing keeps to, order of the rows included."""
    S = sync_state
    after = S.setting_int(store, S.SETTING_PUSHED)
    upto = store.last_seq()
    keys = {}
    for ticker, metric, period in store.db.execute(S.UNMARKED_FACTS):
        keys[("facts", f"{ticker}|{metric}|{period}")] = upto + 1
    if upto <= after:
        return S.Pending(max(upto, after), keys)
    index_uid = {}
    for r in store.db.execute("SELECT uid, code, name FROM indices"):
        index_uid[r[2]] = r[0]
        if r[1]:
            index_uid[r[1]] = r[0]
    cur = store.db.execute(
        "SELECT l.seq, l.entity, l.key1, l.key2, l.key3 FROM change_log l "
        "LEFT JOIN change_batches b ON b.id = l.batch_id "
        "WHERE l.seq > ? AND l.seq <= ? AND coalesce(b.origin, 'external') != 'sync' ORDER BY l.seq",
        [after, upto])
    marked = {}
    entity_table = {"fact": "facts", "quote": "quotes", "company": "companies"}
    for seq, entity, k1, k2, k3 in cur:
        table = entity_table.get(entity, entity)
        into = marked if entity in ("facts", "quotes", "companies") else keys
        if table == "facts":
            key = f"{k1}|{k2}|{k3}"
        elif table == "quotes":
            uid = index_uid.get(k1)
            if uid is None:
                continue
            key = f"{uid}|{k2}"
        elif table in S.TABLES:
            key = k1
        else:
            continue
        into[(table, key)] = max(seq, into.get((table, key), 0))
    for seq, ticker, metric, period, origin in store.run_entries(after, upto):
        if origin != "sync":
            key = ("facts", f"{ticker}|{metric}|{period}")
            keys[key] = max(seq, keys.get(key, 0))
    for key, seq in marked.items():
        keys.setdefault(key, seq)
    return S.Pending(upto, keys)


def test_pending_lists_the_changes_as_before_in_the_same_order(store):
    conn = store.db.conn
    store.upsert_companies([{"ticker": t, "name": f"公司{i}"} for i, t in enumerate(PLAIN_TICKERS)])
    store.write_facts([(t, "eps", f"{y}A", 1.5 + y) for t in PLAIN_TICKERS for y in range(2015, 2020)],
                      source="a.xlsx", as_of="2025-01-03", origin="import")
    listed = _pending_as_listed_before(store)
    assert list(sync_state.pending(store).keys.items()) == list(listed.keys.items()) and listed.keys
    sync_state.set_settings(store, {sync_state.SETTING_PUSHED: store.last_seq()})
    # after the push mark: a company, facts changed several times, a quote, an index, facts pulled
    # (left out), facts a raw UPDATE and a raw INSERT wrote, the first push's marks, new facts in a run
    idx = store.upsert_index("沪深300", "000300.SH")
    store.set_fact(PLAIN_TICKERS[1], "eps", "2016A", 9.5)
    store.write_quotes([(idx, "2025-01-03", 3900.5, 0.01, "q.xlsx")])
    for v in (2.0, 3.0, 4.0):
        store.set_fact(PLAIN_TICKERS[0], "eps", "2017A", v)
    store.upsert_companies([{"ticker": "688001.SH", "name": "新公司"}])
    with store.batch("sync", by="desk"):
        conn.execute("UPDATE facts SET value = 77.0 WHERE ticker = ? AND period = '2018A'", [PLAIN_TICKERS[2]])
    store.write_facts([(t, "revenue", "2024A", 1e9) for t in PLAIN_TICKERS], source="b.xlsx", as_of="2025-01-03",
                      origin="import")
    conn.execute("UPDATE facts SET value = 1.25 WHERE ticker = ? AND period = '2019A'", [PLAIN_TICKERS[1]])
    conn.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'pe', '2024E', 12.0)", [PLAIN_TICKERS[2]])
    store.set_fact(PLAIN_TICKERS[0], "eps", "2017A", 5.0)
    # a fact another program inserted, then edited in the workbench: logged, yet still unmarked
    conn.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'pe', '2023A', 8.0)", [PLAIN_TICKERS[0]])
    store.set_fact(PLAIN_TICKERS[0], "pe", "2023A", 8.5)
    store.set_fact(PLAIN_TICKERS[2], "eps", "2015A", None)
    sync_state.mark_all_pending(store)
    store.set_fact(PLAIN_TICKERS[0], "eps", "2018A", 6.0)
    listed = _pending_as_listed_before(store)
    now = sync_state.pending(store)
    assert now.upto == listed.upto
    assert list(now.keys.items()) == list(listed.keys.items())
    kinds = {t for t, _ in now.keys}
    assert {"facts", "quotes", "companies", "indices"} <= kinds
    assert now.keys[("facts", f"{PLAIN_TICKERS[2]}|pe|2024E")] == now.upto + 1  # (the raw insert: unmarked)
    assert now.keys[("facts", f"{PLAIN_TICKERS[0]}|pe|2023A")] == now.upto + 1  # (and edited since)
    assert store.scalar("SELECT count(*) FROM change_log WHERE key1 = ? AND key3 = '2023A'", [PLAIN_TICKERS[0]])
    assert ("facts", f"{PLAIN_TICKERS[2]}|eps|2018A") in now.keys  # (marked by mark_all_pending)
