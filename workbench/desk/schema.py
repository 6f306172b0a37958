"""The desk server's schema and its own migration history (PostgreSQL, schema ``desk``).

The server keeps, for every shared table, the current row image of each row keyed by its global
identity (``desk.rows``; a deleted row stays as a tombstone with ``data`` NULL so that a stale
edit of it is still seen as a conflict), the append-only publication record (``desk.records``:
published versions and the status log), and the feed every workstation pulls from
(``desk.changes``), written only by a trigger so that it holds exactly what the server accepted.
Who may write what is enforced by PostgreSQL (see ``roles.py``).
"""

from __future__ import annotations

from workbench.desk.errors import DeskError

SCHEMA = "desk"

#: Tables every desk role may write (the row-level rules concern the others).
OPEN_TABLES = ("segments", "companies", "facts", "indices", "quotes", "datasets")
_OPEN = "tbl IN (" + ", ".join(f"'{t}'" for t in OPEN_TABLES) + ")"

#: Tables whose rows the desk shares and that change in place (row images in desk.rows).
ROW_TABLES = ("house", "analysts", "segments", "companies", "facts", "indices", "quotes",
              "datasets", "notes", "issues")
#: The publication record: insert-only for every desk role (desk.records).
RECORD_TABLES = ("issue_versions", "issue_log")

_V1 = f"""
CREATE SCHEMA desk;
CREATE TABLE desk.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE desk.change_id;

CREATE TABLE desk.rows (
    tbl text NOT NULL CHECK (tbl IN ({", ".join(f"'{t}'" for t in ROW_TABLES)})),
    key text NOT NULL,
    data jsonb,
    rev bigint NOT NULL DEFAULT 0,
    owner text NOT NULL DEFAULT current_user,
    writer text NOT NULL DEFAULT current_user,
    ws text NOT NULL,
    seq bigint NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tbl, key)
);
CREATE TABLE desk.records (
    tbl text NOT NULL CHECK (tbl IN ({", ".join(f"'{t}'" for t in RECORD_TABLES)})),
    key text NOT NULL,
    data jsonb NOT NULL,
    rev bigint NOT NULL DEFAULT 0,
    owner text NOT NULL DEFAULT current_user,
    writer text NOT NULL DEFAULT current_user,
    ws text NOT NULL,
    seq bigint NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tbl, key)
);
-- Natural keys stay unique across the desk, whatever identity a workstation gave the row.
CREATE UNIQUE INDEX rows_segment_name ON desk.rows ((data->>'name')) WHERE tbl = 'segments' AND data IS NOT NULL;
CREATE UNIQUE INDEX rows_index_name ON desk.rows ((data->>'name')) WHERE tbl = 'indices' AND data IS NOT NULL;
CREATE UNIQUE INDEX rows_index_code ON desk.rows ((data->>'code')) WHERE tbl = 'indices' AND data IS NOT NULL AND data->>'code' IS NOT NULL;
CREATE UNIQUE INDEX rows_analyst_sac ON desk.rows ((data->>'sac_no')) WHERE tbl = 'analysts' AND data IS NOT NULL;

-- The feed: one entry per accepted write, in commit order (pushes hold an advisory lock).
CREATE TABLE desk.changes (
    id bigint PRIMARY KEY,
    tbl text NOT NULL,
    key text NOT NULL,
    data jsonb,
    ws text NOT NULL,
    seq bigint NOT NULL,
    by text NOT NULL,
    at timestamptz NOT NULL,
    UNIQUE (ws, seq)
);
-- Values a push could not apply because the server's differed (or the role may not write them).
CREATE TABLE desk.conflicts (
    id bigserial PRIMARY KEY,
    tbl text NOT NULL,
    key text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('conflict', 'refused')),
    mine jsonb,
    theirs jsonb,
    ws text NOT NULL,
    by text NOT NULL DEFAULT current_user,
    at timestamptz NOT NULL DEFAULT now(),
    theirs_by text,
    theirs_at timestamptz
);
CREATE INDEX conflicts_ws ON desk.conflicts (ws, id);
-- Each workstation's high-water mark: the last local change the server has applied.
CREATE TABLE desk.workstations (
    ws text PRIMARY KEY,
    last_seq bigint NOT NULL,
    by text NOT NULL DEFAULT current_user,
    at timestamptz NOT NULL DEFAULT now()
);

-- Identity of a write is fixed by the server: its revision, who wrote it, who owns the row.
CREATE FUNCTION desk.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.rev := nextval('desk.change_id');
    NEW.writer := current_user;
    NEW.at := now();
    IF TG_OP = 'INSERT' THEN
        NEW.owner := current_user;
    ELSE
        NEW.owner := OLD.owner;
    END IF;
    RETURN NEW;
END $$;
-- One set-based statement per write statement (transition tables), not a call per row.
CREATE FUNCTION desk.feed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, desk AS $$
BEGIN
    INSERT INTO desk.changes (id, tbl, key, data, ws, seq, by, at)
    SELECT rev, tbl, key, data, ws, seq, writer, at FROM written;
    RETURN NULL;
END $$;
CREATE TRIGGER rows_stamp BEFORE INSERT OR UPDATE ON desk.rows FOR EACH ROW EXECUTE FUNCTION desk.stamp();
CREATE TRIGGER rows_feed_insert AFTER INSERT ON desk.rows REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION desk.feed();
CREATE TRIGGER rows_feed_update AFTER UPDATE ON desk.rows REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION desk.feed();
CREATE TRIGGER records_stamp BEFORE INSERT ON desk.records FOR EACH ROW EXECUTE FUNCTION desk.stamp();
CREATE TRIGGER records_feed AFTER INSERT ON desk.records REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION desk.feed();
-- The record stays whole even for the schema's owner.
CREATE FUNCTION desk.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '发布记录不可修改或删除 (the publication record cannot be changed)'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER records_keep BEFORE UPDATE OR DELETE ON desk.records FOR EACH ROW EXECUTE FUNCTION desk.refuse_change();
CREATE TRIGGER changes_keep BEFORE UPDATE OR DELETE ON desk.changes FOR EACH ROW EXECUTE FUNCTION desk.refuse_change();

-- Who may write a row: the desk's rules, evaluated by row-level security.
CREATE FUNCTION desk.may_write(t text, d jsonb, row_owner text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN t IN ('house', 'analysts') THEN pg_has_role(current_user, 'workbench_admin', 'MEMBER')
        WHEN t = 'notes' THEN row_owner = current_user
        WHEN t = 'issues' THEN pg_has_role(current_user, 'workbench_editor', 'MEMBER')
                               OR coalesce(d->>'status', 'draft') <> 'final'
        WHEN t = 'issue_versions' THEN pg_has_role(current_user, 'workbench_editor', 'MEMBER')
        WHEN t = 'issue_log' THEN pg_has_role(current_user, 'workbench_editor', 'MEMBER')
                                  OR coalesce(d->>'to_status', '') <> 'final'
        ELSE true
    END
$$;
ALTER TABLE desk.rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE desk.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE desk.conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE desk.workstations ENABLE ROW LEVEL SECURITY;
CREATE POLICY rows_read ON desk.rows FOR SELECT TO workbench_analyst USING (true);
-- (the tables every analyst writes are named first, so the bulk of a push, facts and quotes,
-- passes without a function call per row)
CREATE POLICY rows_insert ON desk.rows FOR INSERT TO workbench_analyst
    WITH CHECK ({_OPEN} OR desk.may_write(tbl, data, owner));
CREATE POLICY rows_update ON desk.rows FOR UPDATE TO workbench_analyst
    USING ({_OPEN} OR desk.may_write(tbl, data, owner))
    WITH CHECK ({_OPEN} OR desk.may_write(tbl, data, owner));
CREATE POLICY records_read ON desk.records FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY records_insert ON desk.records FOR INSERT TO workbench_analyst
    WITH CHECK (desk.may_write(tbl, data, owner));
CREATE POLICY conflicts_read ON desk.conflicts FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY conflicts_insert ON desk.conflicts FOR INSERT TO workbench_analyst
    WITH CHECK (by = current_user);
CREATE POLICY ws_read ON desk.workstations FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY ws_write ON desk.workstations FOR INSERT TO workbench_analyst WITH CHECK (by = current_user);
CREATE POLICY ws_update ON desk.workstations FOR UPDATE TO workbench_analyst
    USING (true) WITH CHECK (by = current_user);

GRANT USAGE ON SCHEMA desk TO workbench_analyst;
GRANT SELECT ON desk.meta, desk.changes TO workbench_analyst;
GRANT SELECT, INSERT, UPDATE ON desk.rows TO workbench_analyst;
GRANT SELECT, INSERT ON desk.records TO workbench_analyst;
GRANT SELECT, INSERT ON desk.conflicts TO workbench_analyst;
GRANT USAGE ON SEQUENCE desk.conflicts_id_seq TO workbench_analyst;
GRANT SELECT, INSERT, UPDATE ON desk.workstations TO workbench_analyst;
GRANT USAGE ON SEQUENCE desk.change_id TO workbench_analyst;
"""

# v2: draft leases. A draft issue is edited by one person at a time: whoever holds its lease;
# everyone else's writes to that issue are refused by the server (and come back to them as
# conflicts, never over the holder's text). A lease expires, so a forgotten one frees itself.
_V2 = f"""
CREATE TABLE desk.leases (
    issue text PRIMARY KEY,
    holder text NOT NULL DEFAULT current_user,
    ws text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    expires timestamptz NOT NULL
);
ALTER TABLE desk.leases ENABLE ROW LEVEL SECURITY;
CREATE POLICY leases_read ON desk.leases FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY leases_take ON desk.leases FOR INSERT TO workbench_analyst WITH CHECK (holder = current_user);
CREATE POLICY leases_renew ON desk.leases FOR UPDATE TO workbench_analyst
    USING (holder = current_user OR expires < now()) WITH CHECK (holder = current_user);
CREATE POLICY leases_release ON desk.leases FOR DELETE TO workbench_analyst
    USING (holder = current_user OR expires < now()
           OR pg_has_role(current_user, 'workbench_editor', 'MEMBER'));
GRANT SELECT, INSERT, UPDATE, DELETE ON desk.leases TO workbench_analyst;

CREATE FUNCTION desk.lease_free(t text, k text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT t <> 'issues' OR NOT EXISTS (
        SELECT 1 FROM desk.leases l WHERE l.issue = k AND l.holder <> current_user AND l.expires > now())
$$;
ALTER POLICY rows_insert ON desk.rows
    WITH CHECK ({_OPEN} OR (desk.may_write(tbl, data, owner) AND desk.lease_free(tbl, key)));
ALTER POLICY rows_update ON desk.rows
    USING ({_OPEN} OR (desk.may_write(tbl, data, owner) AND desk.lease_free(tbl, key)))
    WITH CHECK ({_OPEN} OR (desk.may_write(tbl, data, owner) AND desk.lease_free(tbl, key)));
"""

#: The server's schema history: (version, SQL), applied in order, each in one transaction.
MIGRATIONS: list[tuple[int, str]] = [(1, _V1), (2, _V2)]
LATEST = MIGRATIONS[-1][0]


def server_version(conn) -> int | None:
    """The desk schema version of the connected database, or None when it has none."""
    row = conn.execute("SELECT to_regclass('desk.meta')").fetchone()
    if row[0] is None:
        return None
    row = conn.execute("SELECT value FROM desk.meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def check_compatible(conn) -> int:
    """Refuse a database with no desk schema or a newer one than this release knows."""
    version = server_version(conn)
    if version is None:
        raise DeskError("服务器上没有团队库 (no desk on this server): 先运行 (run first) "
                        "`workbench desk init URL`")
    if version > LATEST:
        raise DeskError(f"团队服务器的结构版本 v{version} 比本程序新 (the desk server's schema v{version} "
                        f"is newer than this workbench's v{LATEST}): 请升级工作台 (update the workbench)")
    if version < LATEST:
        raise DeskError(f"团队服务器的结构版本 v{version} 较旧 (the desk server's schema is older): "
                        "请管理员运行 (ask the administrator to run) `workbench desk init URL`")
    return version
