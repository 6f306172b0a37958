"""The desk server's schema and its own migration history (PostgreSQL, schema ``desk``).

The server keeps the feed every workstation pulls from (``desk.changes``: one entry per accepted
write, its id the revision, in commit order). Since v6 the feed is also the storage of the bulk
tables (companies, facts, quotes, datasets): a row of theirs is its newest version there. The
other shared tables keep the current row image of each row keyed by its global identity
(``desk.rows``, whose writes a trigger copies into the feed); a deleted row stays as a tombstone
with ``data`` NULL (a version with ``data`` NULL, or a row) so that a stale edit of it is still seen
as a conflict, until a prune. ``desk.current`` shows every table's current rows (since v7 a row's
newest version is found by a sort over the versions asked for: no index on the row's key, which
would cost every push far more than it saves the rare reader). The publication
record (``desk.records``: published versions and the status log) is append-only. Who may write
what is enforced by PostgreSQL (see ``roles.py``): row-level security where a rule depends on the
row, except on the feed, which a push fills with ``COPY`` (since v8 a trigger keeps its one row
rule: a client writes versions of the versioned tables only).
"""

from __future__ import annotations

from workbench.desk.errors import DeskError

SCHEMA = "desk"
#: The advisory lock a push holds while it writes (so the feed's ids commit in order).
PUSH_LOCK = 0x776B_7379

#: Tables every desk role may write (the row-level rules concern the others).
OPEN_TABLES = ("segments", "companies", "facts", "indices", "quotes", "datasets")
_OPEN = "tbl IN (" + ", ".join(f"'{t}'" for t in OPEN_TABLES) + ")"

#: Tables whose rows the desk shares and that change in place (row images in desk.rows).
ROW_TABLES = ("house", "analysts", "segments", "companies", "facts", "indices", "quotes",
              "datasets", "notes", "issues")
#: The publication record: insert-only for every desk role (desk.records).
RECORD_TABLES = ("issue_versions", "issue_log")
#: Tables kept as versions in the feed (desk.changes) since v6: a row is its newest version.
VERSIONED_TABLES = ("companies", "facts", "quotes", "datasets")
_VERSIONED = ", ".join(f"'{t}'" for t in VERSIONED_TABLES)

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

# v3: set-based pushes, the feed cleaned up, the import history shared.
# - The natural keys move from expression indexes over ``data`` into generated columns, and the
#   table keeps free room on its pages: an update that changes a row's data then no longer touches
#   any index (a HOT update), which halves the cost of a weekly push of facts.
# - Rows are stamped with the session's user (``session_user``), so a write made on a user's
#   behalf by a function of the desk is still stamped with that user.
# - Each workstation's pull high-water mark is known (``pulled``), so ``desk.prune`` can remove
#   the feed entries and tombstones every workstation has pulled; a workstation that stayed away
#   longer than the prune's grace period is told to pull everything again.
# - ``desk.history``: where a workstation's changes came from, one entry per local write operation
#   (its seq range): origin, file, sheet, as-of, local user and time. With the row, column and
#   source each fact carries, a workstation that pulls a fact records who changed it from which
#   file, sheet, row and column.
_V3 = """
DROP INDEX desk.rows_segment_name, desk.rows_index_name, desk.rows_index_code, desk.rows_analyst_sac;
ALTER TABLE desk.rows SET (fillfactor = 50);
ALTER TABLE desk.rows
    ADD COLUMN nat_name text GENERATED ALWAYS AS (CASE
        WHEN data IS NULL THEN NULL
        WHEN tbl IN ('segments', 'indices') THEN data->>'name'
        WHEN tbl = 'analysts' THEN data->>'sac_no' END) STORED,
    ADD COLUMN nat_code text GENERATED ALWAYS AS (CASE
        WHEN data IS NOT NULL AND tbl = 'indices' THEN data->>'code' END) STORED;
CREATE UNIQUE INDEX rows_natural_name ON desk.rows (tbl, nat_name) WHERE nat_name IS NOT NULL;
CREATE UNIQUE INDEX rows_natural_code ON desk.rows (tbl, nat_code) WHERE nat_code IS NOT NULL;

CREATE OR REPLACE FUNCTION desk.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.rev := nextval('desk.change_id');
    NEW.writer := session_user;
    NEW.at := now();
    IF TG_OP = 'INSERT' THEN
        NEW.owner := session_user;
    ELSE
        NEW.owner := OLD.owner;
    END IF;
    RETURN NEW;
END $$;

-- A published issue changes only by a correction (a later version: back in draft, or already
-- published again), whoever writes it: its row must keep saying what the frozen version says.
CREATE FUNCTION desk.keep_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.data IS NULL OR coalesce((NEW.data->>'version')::int <= (OLD.data->>'version')::int, true) THEN
        RAISE EXCEPTION '已发布的周报只能通过更正修改 (a published issue changes only by a correction)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rows_keep_published BEFORE UPDATE ON desk.rows FOR EACH ROW
    WHEN (OLD.tbl = 'issues' AND OLD.data->>'status' = 'final' AND NEW.data IS DISTINCT FROM OLD.data)
    EXECUTE FUNCTION desk.keep_published();

-- the feed may lose entries everyone has pulled (desk.prune), never be rewritten
DROP TRIGGER changes_keep ON desk.changes;
CREATE TRIGGER changes_keep BEFORE UPDATE ON desk.changes FOR EACH ROW EXECUTE FUNCTION desk.refuse_change();
ALTER TABLE desk.workstations ADD COLUMN pulled bigint NOT NULL DEFAULT 0,
                              ADD COLUMN pulled_at timestamptz NOT NULL DEFAULT now();

-- Removes the feed entries and tombstones that every workstation seen in the last ``days`` days
-- has pulled; workstations not seen for longer no longer hold them back (they must pull
-- everything again: desk.meta 'pruned_upto' tells them). Administrators only.
CREATE FUNCTION desk.prune(days integer) RETURNS TABLE (feed bigint, tombstones bigint, upto bigint,
                                                       stale text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    horizon bigint;
    n_feed bigint;
    n_tomb bigint;
    gone text[];
BEGIN
    IF NOT pg_has_role(session_user, 'workbench_admin', 'MEMBER') THEN
        RAISE EXCEPTION '只有管理员可以清理团队库 (only a desk administrator may prune the desk)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(%(lock)s);
    SELECT coalesce(min(w.pulled), (SELECT coalesce(max(id), 0) FROM desk.changes))
      INTO horizon FROM desk.workstations w WHERE w.pulled_at >= now() - make_interval(days => days);
    SELECT coalesce(array_agg(w.ws ORDER BY w.ws), '{}') INTO gone FROM desk.workstations w
     WHERE w.pulled_at < now() - make_interval(days => days) AND w.pulled < horizon;
    DELETE FROM desk.changes c WHERE c.id <= horizon;
    GET DIAGNOSTICS n_feed = ROW_COUNT;
    DELETE FROM desk.rows r WHERE r.data IS NULL AND r.rev <= horizon;
    GET DIAGNOSTICS n_tomb = ROW_COUNT;
    INSERT INTO desk.meta (key, value) VALUES ('pruned_upto', horizon::text)
        ON CONFLICT (key) DO UPDATE SET value = greatest(desk.meta.value::bigint, horizon)::text;
    RETURN QUERY SELECT n_feed, n_tomb, horizon, gone;
END $$;
REVOKE ALL ON FUNCTION desk.prune(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk.prune(integer) TO workbench_admin;

CREATE TABLE desk.history (
    ws text NOT NULL,
    first_seq bigint NOT NULL,
    last_seq bigint NOT NULL,
    entry jsonb NOT NULL,
    by text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ws, first_seq)
);
ALTER TABLE desk.history ENABLE ROW LEVEL SECURITY;
CREATE POLICY history_read ON desk.history FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY history_write ON desk.history FOR INSERT TO workbench_analyst WITH CHECK (by = session_user);
GRANT SELECT, INSERT ON desk.history TO workbench_analyst;
"""

# v4: the publication record lands only with the issue change it records.
# - A published version or a status-log entry is accepted only in the same transaction (the same
#   push) as an accepted write of its issue's row by the same user, and only when that row agrees
#   with it: a version or a move to final needs the row final at that version (or corrected since),
#   any entry needs the row at its version or later. So when the issue row is refused (a lease held
#   by someone else, a role that may not finalise), its records are refused with it.
# - A lease binds only while the issue is a draft on the desk: moving it to review ends it, so a
#   lease taken on a draft never blocks the editor's final.
_V4 = """
CREATE FUNCTION desk.record_follows_issue(t text, d jsonb) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM desk.rows r
        WHERE r.tbl = 'issues' AND r.key = d->>'issue' AND r.data IS NOT NULL
          AND r.writer = session_user AND r.at = now()
          AND CASE
              WHEN t = 'issue_versions' OR d->>'to_status' = 'final' THEN
                  (r.data->>'version')::int > (d->>'version')::int
                  OR ((r.data->>'version')::int = (d->>'version')::int AND r.data->>'status' = 'final')
              ELSE (r.data->>'version')::int >= (d->>'version')::int
          END)
$$;
ALTER POLICY records_insert ON desk.records
    WITH CHECK (desk.may_write(tbl, data, owner) AND desk.lease_free('issues', data->>'issue')
                AND desk.record_follows_issue(tbl, data));

CREATE OR REPLACE FUNCTION desk.lease_free(t text, k text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT t <> 'issues' OR NOT EXISTS (
        SELECT 1 FROM desk.leases l WHERE l.issue = k AND l.holder <> current_user AND l.expires > now()
           AND NOT EXISTS (SELECT 1 FROM desk.rows r WHERE r.tbl = 'issues' AND r.key = k
                              AND r.data->>'status' IS DISTINCT FROM 'draft'))
$$;
"""

# v5: the rows as workstations last agreed survive a prune. A push merges a row changed on both
# sides field by field against the version both last agreed on, read from the feed by its
# revision; ``desk.prune`` removes those entries. It now first keeps each row's newest entry it
# removes in ``desk.bases`` (one per row, replaced by a later prune): a workstation that pulled at
# least up to the prune's horizon agrees on that entry or on a later one the feed still holds.
_V5 = """
CREATE TABLE desk.bases (
    tbl text NOT NULL,
    key text NOT NULL,
    rev bigint NOT NULL,
    data jsonb,
    PRIMARY KEY (tbl, key)
);
ALTER TABLE desk.bases ENABLE ROW LEVEL SECURITY;
CREATE POLICY bases_read ON desk.bases FOR SELECT TO workbench_analyst USING (true);
GRANT SELECT ON desk.bases TO workbench_analyst;

CREATE OR REPLACE FUNCTION desk.prune(days integer) RETURNS TABLE (feed bigint, tombstones bigint, upto bigint,
                                                                  stale text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    horizon bigint;
    n_feed bigint;
    n_tomb bigint;
    gone text[];
BEGIN
    IF NOT pg_has_role(session_user, 'workbench_admin', 'MEMBER') THEN
        RAISE EXCEPTION '只有管理员可以清理团队库 (only a desk administrator may prune the desk)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(%(lock)s);
    SELECT coalesce(min(w.pulled), (SELECT coalesce(max(id), 0) FROM desk.changes))
      INTO horizon FROM desk.workstations w WHERE w.pulled_at >= now() - make_interval(days => days);
    SELECT coalesce(array_agg(w.ws ORDER BY w.ws), '{}') INTO gone FROM desk.workstations w
     WHERE w.pulled_at < now() - make_interval(days => days) AND w.pulled < horizon;
    -- each row's newest entry removed: the version a workstation may still merge against
    INSERT INTO desk.bases (tbl, key, rev, data)
    SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.id, c.data FROM desk.changes c WHERE c.id <= horizon
     ORDER BY c.tbl, c.key, c.id DESC
    ON CONFLICT (tbl, key) DO UPDATE SET rev = excluded.rev, data = excluded.data WHERE excluded.rev > desk.bases.rev;
    DELETE FROM desk.bases b WHERE b.data IS NULL;  -- a deletion: nothing to merge against
    DELETE FROM desk.changes c WHERE c.id <= horizon;
    GET DIAGNOSTICS n_feed = ROW_COUNT;
    DELETE FROM desk.rows r WHERE r.data IS NULL AND r.rev <= horizon;
    GET DIAGNOSTICS n_tomb = ROW_COUNT;
    INSERT INTO desk.meta (key, value) VALUES ('pruned_upto', horizon::text)
        ON CONFLICT (key) DO UPDATE SET value = greatest(desk.meta.value::bigint, horizon)::text;
    RETURN QUERY SELECT n_feed, n_tomb, horizon, gone;
END $$;
"""


# v6: the feed is the storage of the bulk tables. Companies, facts, quotes and datasets are no
# longer kept as rows updated in place with a second copy of every write in the feed: each write
# is a version appended to ``desk.changes`` (its id, the revision, drawn from the sequence by the
# column's default; its writer and time by theirs: a client may name only the row, its data and
# its own workstation and seq, by column privileges), and a row's current state is its newest
# version (``desk.current`` shows every table's current rows). A push appends its versions with one
# statement, and finds the rows someone else changed since it agreed with one index probe per row
# on ``(tbl, key, id)``. ``desk.prune`` now also removes the versions superseded by a newer one
# every workstation has pulled, and the deletions every workstation has pulled. A versioned row's
# newest version up to the prune's horizon stays, so the version a workstation merges against is
# always in the feed: ``desk.bases`` keeps only the other tables' bases (and those of the versioned
# tables a v5 prune kept, until the feed holds a version every workstation pulled since). The other
# tables, issues among them (the publication record follows their rows), stay in ``desk.rows``.
_V6 = """
ALTER TABLE desk.changes ALTER COLUMN id SET DEFAULT nextval('desk.change_id'),
                         ALTER COLUMN by SET DEFAULT session_user,
                         ALTER COLUMN at SET DEFAULT now();
CREATE INDEX changes_key ON desk.changes (tbl, key, id);
-- the current rows of the versioned tables whose feed entry a prune removed become versions again
INSERT INTO desk.changes (id, tbl, key, data, ws, seq, by, at)
SELECT r.rev, r.tbl, r.key, r.data, r.ws, r.seq, r.writer, r.at FROM desk.rows r
 WHERE r.tbl IN (%(versioned)s) AND NOT EXISTS (SELECT 1 FROM desk.changes c WHERE c.id = r.rev);
DELETE FROM desk.rows WHERE tbl IN (%(versioned)s);
ALTER TABLE desk.rows ADD CONSTRAINT rows_not_versioned CHECK (tbl NOT IN (%(versioned)s));
ANALYZE desk.changes;

ALTER TABLE desk.changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY changes_read ON desk.changes FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY changes_write ON desk.changes FOR INSERT TO workbench_analyst WITH CHECK (tbl IN (%(versioned)s));
GRANT INSERT (tbl, key, data, ws, seq) ON desk.changes TO workbench_analyst;

-- every shared table's current rows (deleted ones with data NULL until a prune), for reading
CREATE VIEW desk.current AS
SELECT tbl, key, data, rev, owner, writer, ws, seq, at FROM desk.rows
UNION ALL
SELECT c.tbl, c.key, c.data, c.id, c.by, c.by, c.ws, c.seq, c.at FROM desk.changes c
 WHERE c.tbl IN (%(versioned)s)
   AND NOT EXISTS (SELECT 1 FROM desk.changes n WHERE n.tbl = c.tbl AND n.key = c.key AND n.id > c.id);
GRANT SELECT ON desk.current TO workbench_analyst;

CREATE OR REPLACE FUNCTION desk.prune(days integer) RETURNS TABLE (feed bigint, tombstones bigint, upto bigint,
                                                                   stale text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    horizon bigint;
    n_feed bigint;
    n_gone bigint;
    n_tomb bigint;
    gone text[];
BEGIN
    IF NOT pg_has_role(session_user, 'workbench_admin', 'MEMBER') THEN
        RAISE EXCEPTION '只有管理员可以清理团队库 (only a desk administrator may prune the desk)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(%(lock)s);
    SELECT coalesce(min(w.pulled), (SELECT coalesce(max(id), 0) FROM desk.changes))
      INTO horizon FROM desk.workstations w WHERE w.pulled_at >= now() - make_interval(days => days);
    SELECT coalesce(array_agg(w.ws ORDER BY w.ws), '{}') INTO gone FROM desk.workstations w
     WHERE w.pulled_at < now() - make_interval(days => days) AND w.pulled < horizon;
    -- the other tables' entries up to the horizon go, each row's newest kept in desk.bases (as in v5)
    INSERT INTO desk.bases (tbl, key, rev, data)
    SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.id, c.data FROM desk.changes c
     WHERE c.id <= horizon AND c.tbl NOT IN (%(versioned)s)
     ORDER BY c.tbl, c.key, c.id DESC
    ON CONFLICT (tbl, key) DO UPDATE SET rev = excluded.rev, data = excluded.data WHERE excluded.rev > desk.bases.rev;
    DELETE FROM desk.bases b WHERE b.data IS NULL;  -- a deletion: nothing to merge against
    -- a versioned row's base is a version: its newest one up to the horizon stays in the feed, so a
    -- base kept by a v5 prune goes once the feed holds that version or a later one everyone pulled
    DELETE FROM desk.bases b WHERE b.tbl IN (%(versioned)s) AND EXISTS (
        SELECT 1 FROM desk.changes c WHERE c.tbl = b.tbl AND c.key = b.key AND c.id >= b.rev AND c.id <= horizon);
    -- the other tables' feed entries, and the versions a newer one every workstation pulled superseded
    DELETE FROM desk.changes c WHERE c.id <= horizon AND (c.tbl NOT IN (%(versioned)s) OR EXISTS (
        SELECT 1 FROM desk.changes n WHERE n.tbl = c.tbl AND n.key = c.key AND n.id > c.id AND n.id <= horizon));
    GET DIAGNOSTICS n_feed = ROW_COUNT;
    -- then the deletions every workstation pulled: nothing merges against them
    DELETE FROM desk.changes c WHERE c.id <= horizon AND c.data IS NULL AND c.tbl IN (%(versioned)s);
    GET DIAGNOSTICS n_gone = ROW_COUNT;
    DELETE FROM desk.rows r WHERE r.data IS NULL AND r.rev <= horizon;
    GET DIAGNOSTICS n_tomb = ROW_COUNT;
    INSERT INTO desk.meta (key, value) VALUES ('pruned_upto', horizon::text)
        ON CONFLICT (key) DO UPDATE SET value = greatest(desk.meta.value::bigint, horizon)::text;
    RETURN QUERY SELECT n_feed + n_gone, n_tomb + n_gone, horizon, gone;
END $$;
"""


# v7: a push fast-forwards. A sync pulls right before it pushes; under the push lock the only
# versions its staged rows can meet that it has not seen are those after its pull (a range of the
# primary key, usually a handful of rows), and those its pulls saw but left for the push are kept
# by the workstation itself. So no push probes the feed row by row any more, and nothing needs the
# ``(tbl, key, id)`` index, which cost a push most of its server time (100,000 inserts spread over
# every page of a million-row index). A row's newest version is found by a sort over the range
# that asks (the feed after a pull's high-water mark, ``desk.current``, the prune).
_V7 = """
DROP INDEX desk.changes_key;

CREATE OR REPLACE VIEW desk.current AS
SELECT tbl, key, data, rev, owner, writer, ws, seq, at FROM desk.rows
UNION ALL
SELECT v.tbl, v.key, v.data, v.id, v.by, v.by, v.ws, v.seq, v.at FROM (
    SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.data, c.id, c.by, c.ws, c.seq, c.at FROM desk.changes c
     WHERE c.tbl IN (%(versioned)s) ORDER BY c.tbl, c.key, c.id DESC) v;

CREATE OR REPLACE FUNCTION desk.prune(days integer) RETURNS TABLE (feed bigint, tombstones bigint, upto bigint,
                                                                   stale text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, desk AS $$
DECLARE
    horizon bigint;
    n_feed bigint;
    n_gone bigint;
    n_tomb bigint;
    gone text[];
BEGIN
    IF NOT pg_has_role(session_user, 'workbench_admin', 'MEMBER') THEN
        RAISE EXCEPTION '只有管理员可以清理团队库 (only a desk administrator may prune the desk)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock(%(lock)s);
    SELECT coalesce(min(w.pulled), (SELECT coalesce(max(id), 0) FROM desk.changes))
      INTO horizon FROM desk.workstations w WHERE w.pulled_at >= now() - make_interval(days => days);
    SELECT coalesce(array_agg(w.ws ORDER BY w.ws), '{}') INTO gone FROM desk.workstations w
     WHERE w.pulled_at < now() - make_interval(days => days) AND w.pulled < horizon;
    -- each versioned row's newest version up to the horizon (one sort, no index): it stays
    DROP TABLE IF EXISTS pg_temp.prune_newest;
    CREATE TEMP TABLE prune_newest ON COMMIT DROP AS
    SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.id FROM desk.changes c
     WHERE c.id <= horizon AND c.tbl IN (%(versioned)s) ORDER BY c.tbl, c.key, c.id DESC;
    -- the other tables' entries up to the horizon go, each row's newest kept in desk.bases (as in v5)
    INSERT INTO desk.bases (tbl, key, rev, data)
    SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.id, c.data FROM desk.changes c
     WHERE c.id <= horizon AND c.tbl NOT IN (%(versioned)s)
     ORDER BY c.tbl, c.key, c.id DESC
    ON CONFLICT (tbl, key) DO UPDATE SET rev = excluded.rev, data = excluded.data WHERE excluded.rev > desk.bases.rev;
    DELETE FROM desk.bases b WHERE b.data IS NULL;  -- a deletion: nothing to merge against
    -- a base kept by a v5 prune goes once the feed holds that version or a later one everyone pulled
    DELETE FROM desk.bases b USING pg_temp.prune_newest n
     WHERE b.tbl IN (%(versioned)s) AND n.tbl = b.tbl AND n.key = b.key AND n.id >= b.rev;
    -- the other tables' feed entries, and the versions a newer one every workstation pulled superseded
    DELETE FROM desk.changes c WHERE c.id <= horizon AND (c.tbl NOT IN (%(versioned)s)
        OR NOT EXISTS (SELECT 1 FROM pg_temp.prune_newest n WHERE n.id = c.id));
    GET DIAGNOSTICS n_feed = ROW_COUNT;
    -- then the deletions every workstation pulled: nothing merges against them
    DELETE FROM desk.changes c WHERE c.id <= horizon AND c.data IS NULL AND c.tbl IN (%(versioned)s);
    GET DIAGNOSTICS n_gone = ROW_COUNT;
    DELETE FROM desk.rows r WHERE r.data IS NULL AND r.rev <= horizon;
    GET DIAGNOSTICS n_tomb = ROW_COUNT;
    INSERT INTO desk.meta (key, value) VALUES ('pruned_upto', horizon::text)
        ON CONFLICT (key) DO UPDATE SET value = greatest(desk.meta.value::bigint, horizon)::text;
    RETURN QUERY SELECT n_feed + n_gone, n_tomb + n_gone, horizon, gone;
END $$;
"""

# v8: a push copies its versions straight into the feed. PostgreSQL refuses ``COPY FROM`` into a
# table with row-level security for a role that does not bypass it, so the feed's one row rule (a
# client writes versions of the versioned tables only; the other tables' entries are the feed's
# own copies of their writes) moves into a trigger, which ``COPY`` fires like an INSERT. It is an
# AFTER trigger with a WHEN clause: a version of a versioned table calls no function (and a BEFORE
# row trigger would make ``COPY`` insert row by row). The rest stays as it was: a client names
# only the row, its data, its workstation and its seq (column privileges: the revision, writer and
# time come from the columns' defaults), no role updates or deletes a version, and the
# ``(ws, seq)`` key refuses a version applied twice. Nothing is moved: the upgrade is instant.
_V8 = """
DROP POLICY changes_read ON desk.changes;
DROP POLICY changes_write ON desk.changes;
ALTER TABLE desk.changes DISABLE ROW LEVEL SECURITY;
CREATE FUNCTION desk.versions_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- the feed's own copies of the other tables' writes come from desk.feed(), run as the owner
    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RAISE EXCEPTION '团队库的版本表只收公司、数据、行情和图表数据的版本 (the feed takes versions of companies, '
                        'facts, quotes and datasets only): %%', NEW.tbl
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER changes_versions_only AFTER INSERT ON desk.changes FOR EACH ROW
    WHEN (NEW.tbl NOT IN (%(versioned)s)) EXECUTE FUNCTION desk.versions_only();
"""

# v9: the benchmark index is the house's (the 跑赢/跑输 verdict, the cover chart, the rating definitions'
# 基准指数), shared by every workstation: only an administrator moves it. Every role may still write
# indices (a new one, its name, code or English name). A trigger on the index rows, which sees the
# row before and after and the rows an earlier row of the same statement wrote, refuses any other
# role: an update that sets or clears an index row's flag (a deletion of the benchmark row among
# them), a change of an index row's key or table (the row every station knows would go, and another
# come), and a new index row carrying the flag while the desk has a benchmark. A new flagged row on a
# desk with none is free: a store's first push brings its indices, and the CSI 300 is the benchmark
# until the house says otherwise. ``desk.benchmark_kept`` answers the same question for a row image
# (a push's refusal is explained with it).
_V9 = """
CREATE FUNCTION desk.flagged(d jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT d IS NOT NULL AND coalesce(d->>'is_benchmark', '0') NOT IN ('0', 'false')
$$;
CREATE FUNCTION desk.benchmark_kept(t text, k text, d jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT t <> 'indices' OR pg_has_role(current_user, 'workbench_admin', 'MEMBER') OR CASE
        WHEN EXISTS (SELECT 1 FROM desk.rows r WHERE r.tbl = 'indices' AND r.key = k AND r.data IS NOT NULL)
        THEN (SELECT desk.flagged(r.data) = desk.flagged(d) FROM desk.rows r WHERE r.tbl = 'indices' AND r.key = k)
        ELSE NOT desk.flagged(d) OR NOT EXISTS (
            SELECT 1 FROM desk.rows r WHERE r.tbl = 'indices' AND r.key <> k AND desk.flagged(r.data))
    END
$$;
CREATE FUNCTION desk.keep_benchmark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(current_user, 'workbench_admin', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.tbl IS DISTINCT FROM OLD.tbl OR NEW.key IS DISTINCT FROM OLD.key) THEN
        RAISE EXCEPTION '只有管理员可以更改指数行的标识 (only a desk administrator may change the identity of an '
                        'index row): %%', OLD.key
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND desk.flagged(NEW.data) IS DISTINCT FROM desk.flagged(OLD.data) THEN
        RAISE EXCEPTION '只有管理员可以更换基准指数 (only a desk administrator may change the benchmark index): %%',
                        coalesce(NEW.data->>'name', OLD.data->>'name', OLD.key)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- (a row an earlier row of the same statement inserted counts: this is a volatile function)
    IF TG_OP = 'INSERT' AND desk.flagged(NEW.data) AND EXISTS (
            SELECT 1 FROM desk.rows r WHERE r.tbl = 'indices' AND r.key <> NEW.key AND desk.flagged(r.data)) THEN
        RAISE EXCEPTION '团队库已有基准指数，只有管理员可以更换 (the desk has a benchmark index: only a desk '
                        'administrator may change it): %%', NEW.data->>'name'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rows_keep_benchmark_insert BEFORE INSERT ON desk.rows FOR EACH ROW
    WHEN (NEW.tbl = 'indices') EXECUTE FUNCTION desk.keep_benchmark();
CREATE TRIGGER rows_keep_benchmark_update BEFORE UPDATE ON desk.rows FOR EACH ROW
    WHEN (OLD.tbl = 'indices' OR NEW.tbl = 'indices') EXECUTE FUNCTION desk.keep_benchmark();
"""


def _figure_checks() -> tuple[str, str]:
    """SQL over a feed entry (``NEW``): true when its fact or quote holds a figure no report can
    print, and the range rows ``(metric, low, high)`` that the refusal quotes. Both come from the
    ranges the store's own edits and imports apply (``workbench.domain.metrics.PLAUSIBLE``): one home.

    The test compares the JSON value with the range's ends as JSON: JSON orders every number
    between its ends only, and any other kind (text, true, an array, an object, null) outside
    them, so a good entry costs two comparisons of the stored value, no cast to ``numeric``."""
    from workbench.domain.metrics import PLAUSIBLE

    def inside(value: str, low: float, high: float) -> str:
        return f"{value} BETWEEN '{low!r}'::jsonb AND '{high!r}'::jsonb"

    def bad(field: str, by_metric: str | None, fixed: tuple[float, float] | None = None,
            required: bool = False) -> str:
        value = f"NEW.data->'{field}'"
        if fixed is not None:
            within = inside(value, *fixed)
        else:
            cases = " ".join(f"WHEN '{m}' THEN {inside(value, lo, hi)}"
                             for m, (lo, hi) in PLAUSIBLE.items() if not m.startswith("index_"))
            # a metric with no range of its own still holds a double
            double = inside(value, -1.7976931348623157e308, 1.7976931348623157e308)
            within = f"CASE {by_metric} {cases} ELSE {double} END"
        if required:  # (a quote's close: the store holds none without one)
            return f"NOT coalesce({within}, false)"
        # (a missing figure, or JSON null, is no figure)
        return f"NOT coalesce({within} OR {value} = 'null'::jsonb, true)"

    fact = bad("value", "split_part(NEW.key, '|', 2)")
    quote = (bad("close", None, PLAUSIBLE["index_close"], required=True) + " OR "
             + bad("change", None, PLAUSIBLE["index_change"]))
    when = (f"(NEW.data IS NOT NULL AND ((NEW.tbl = 'facts' AND {fact}) OR (NEW.tbl = 'quotes' AND ({quote}))))")
    ranges = ", ".join(f"('{m}', {lo!r}::numeric, {hi!r}::numeric)" for m, (lo, hi) in PLAUSIBLE.items())
    return when, ranges


# v10: the desk takes only what a client may claim. An analyst's own login could write, with psql, what
# no workstation would send, and every station took it:
# - a fact's or a quote's figure that is not a number (a quote without a close among them), or
#   outside the range the store's own edits and imports apply (1e300 亿元): an AFTER trigger on the feed whose WHEN clause names such an entry
#   refuses it (the clause is a plain expression, so a good entry calls no function, and an AFTER
#   trigger leaves ``COPY`` inserting in batches); the entries a desk took before stay as they were;
# - a version or a history entry under another desk user's workstation id (which made that store
#   believe it was a copy): each workstation id belongs to the desk user who first synced it
#   (``desk.workstations``, recorded at its first pull or push, no longer taken over by an update of
#   another user's row), and a statement trigger on the feed refuses, in one query per statement,
#   any entry whose workstation id is another user's (a row updated by hand that names none is
#   marked as that user's own write, ``sql:USER``);
# - a note whose author is another desk user: the desk refuses a note's row whose author names a
#   desk login that is not the writer's (a name of the writer's own, "zhang (张三)", or of no desk
#   login, as a store's notes from before it joined, stays free).
_V10 = """
CREATE FUNCTION desk.refuse_figure() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    field text;
    metric text;
    bounds record;
BEGIN
    FOREACH field IN ARRAY CASE WHEN NEW.tbl = 'facts' THEN ARRAY['value'] ELSE ARRAY['close', 'change'] END LOOP
        CONTINUE WHEN coalesce(jsonb_typeof(NEW.data->field), 'null') = 'null' AND field <> 'close';
        IF jsonb_typeof(NEW.data->field) IS DISTINCT FROM 'number' THEN
            RAISE EXCEPTION '团队库拒收 (the desk refuses) %% %%: 值不是数字 (the value is not a number): %%',
                            NEW.tbl, NEW.key, NEW.data->field
                USING ERRCODE = 'check_violation';
        END IF;
        metric := CASE WHEN NEW.tbl = 'facts' THEN split_part(NEW.key, '|', 2) ELSE 'index_' || field END;
        SELECT low, high INTO bounds FROM (VALUES %(ranges)s) r(m, low, high) WHERE r.m = metric;
        IF bounds IS NULL THEN
            RAISE EXCEPTION '团队库拒收 (the desk refuses) %% %%: 值超出合理范围 (the value is outside the plausible '
                            'range): %%', NEW.tbl, NEW.key, NEW.data->field
                USING ERRCODE = 'check_violation';
        ELSIF NOT (NEW.data->>field)::numeric BETWEEN bounds.low AND bounds.high THEN
            RAISE EXCEPTION '团队库拒收 (the desk refuses) %% %%: 值超出合理范围 %% 至 %% (the value is outside the '
                            'plausible range %% to %%, in the store''s unit): %%', NEW.tbl, NEW.key,
                            bounds.low, bounds.high, bounds.low, bounds.high, NEW.data->field
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER changes_figures AFTER INSERT ON desk.changes FOR EACH ROW
    WHEN %(when)s EXECUTE FUNCTION desk.refuse_figure();

-- a workstation id is the desk user's who first synced it
CREATE FUNCTION desk.own_ws(w text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT EXISTS (SELECT 1 FROM desk.workstations x WHERE x.ws = w AND x.by <> session_user)
$$;
ALTER POLICY ws_update ON desk.workstations USING (by = session_user) WITH CHECK (by = session_user);
ALTER POLICY ws_write ON desk.workstations WITH CHECK (by = session_user);
ALTER POLICY history_write ON desk.history WITH CHECK (by = session_user AND desk.own_ws(ws));
CREATE FUNCTION desk.refuse_other_ws() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    taken text;
    holder text;
BEGIN
    -- (the statement's few workstation ids first: one pass over its entries, then one lookup each)
    SELECT a.ws, w.by INTO taken, holder FROM (SELECT DISTINCT ws FROM added) a
      JOIN desk.workstations w ON w.ws = a.ws WHERE w.by <> session_user LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '工作站 %% 属于 %%，其他用户不能以它的名义写入 (workstation %% is %%''s: no other desk user '
                        'writes under its id)', taken, holder, taken, holder
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER changes_own_ws AFTER INSERT ON desk.changes REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION desk.refuse_other_ws();
-- a row updated by hand that names no workstation keeps its last writer's: the write is this user's
-- own, outside any workstation, not that workstation's
CREATE FUNCTION desk.unclaimed_ws() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT desk.own_ws(NEW.ws) THEN
        NEW.ws := 'sql:' || session_user;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rows_unclaimed_ws BEFORE UPDATE ON desk.rows FOR EACH ROW
    WHEN (NEW.ws IS NOT DISTINCT FROM OLD.ws) EXECUTE FUNCTION desk.unclaimed_ws();

-- a note is its writer's: its author never names another desk user
CREATE FUNCTION desk.refuse_other_author() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    claimed text := split_part(NEW.data->>'author', ' (', 1);
BEGIN
    IF claimed <> session_user AND EXISTS (
            SELECT 1 FROM pg_roles r WHERE r.rolname = claimed AND r.rolcanlogin
               AND pg_has_role(r.oid, 'workbench_analyst', 'MEMBER')) THEN
        RAISE EXCEPTION '笔记的作者 %% 是另一位团队库用户，%% 不能以其名义发布 (the note''s author %% is another desk '
                        'user: %% cannot publish under that name): %%', claimed, session_user, claimed,
                        session_user, NEW.key
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rows_note_author BEFORE INSERT OR UPDATE ON desk.rows FOR EACH ROW
    WHEN (NEW.tbl = 'notes' AND NEW.data IS NOT NULL) EXECUTE FUNCTION desk.refuse_other_author();
"""

# v11: no conflict and no lease under another desk user's workstation id. An analyst's own login
# could list, with psql, a conflict under a colleague's workstation: the colleague's sync took it as
# theirs, and keeping "mine" wrote the value the listing chose into their store and pushed it under
# their name. A conflict names a workstation of its writer's own (``desk.own_ws``), with one
# exception the desk checks whole (``desk.told``): the notice a publication gives the workstation
# whose edit of the draft it replaced, written by a role that may publish, in the transaction that
# published the issue (the desk's row final, written by that user now, is its 'theirs'), its 'mine'
# the version that publication replaced, made on that workstation. A lease names a workstation of its
# holder's own. What a v10 desk holds stays as it is (a station does not take a conflict another
# user listed under it unless it is such a notice).
_V11 = """
CREATE FUNCTION desk.told(t text, k text, kind text, mine jsonb, theirs jsonb, w text, theirs_by text)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT t = 'issues' AND kind = 'conflict' AND theirs_by = session_user
       AND pg_has_role(session_user, 'workbench_editor', 'MEMBER')
       AND mine IS NOT NULL AND coalesce(mine->>'status', 'draft') <> 'final'
       AND coalesce((
           SELECT coalesce(
               -- the issue's entry just before the publication: the version it replaced
               (SELECT c.ws = w AND c.data = mine FROM desk.changes c
                 WHERE c.tbl = 'issues' AND c.key = k AND c.id < r.rev ORDER BY c.id DESC LIMIT 1),
               -- (pruned from the feed: the row's base the prune kept)
               (SELECT b.data = mine FROM desk.bases b WHERE b.tbl = 'issues' AND b.key = k AND b.rev < r.rev))
             FROM desk.rows r
            WHERE r.tbl = 'issues' AND r.key = k AND r.data = theirs AND r.data->>'status' = 'final'
              AND r.writer = session_user AND r.at = now()), false)
$$;
ALTER POLICY conflicts_insert ON desk.conflicts
    WITH CHECK (by = current_user AND (desk.own_ws(ws) OR desk.told(tbl, key, kind, mine, theirs, ws, theirs_by)));
ALTER POLICY leases_take ON desk.leases WITH CHECK (holder = current_user AND desk.own_ws(ws));
ALTER POLICY leases_renew ON desk.leases WITH CHECK (holder = current_user AND desk.own_ws(ws));
"""


# v12: a push's guard against applying a version twice is one record per push, not a key per
# version. The ``(ws, seq)`` key cost a push of 100,000 facts a third of its server time (an index
# entry per version, checked for its twin). Now each push that writes records the seqs it applies,
# ``(ws, first_seq, last_seq)`` in ``desk.pushes``, under the push lock and in the push's own
# transaction, and the database refuses a record whose range meets an earlier one of the same
# workstation (an exclusion constraint, with PostgreSQL's btree_gist: one of its contrib modules): a
# push retried after a lost acknowledgement, or any other push of seqs the desk has applied, is
# refused by PostgreSQL itself, whatever the workstation believes. A client names only the
# workstation and the range (column privileges: who, when and where the feed stood come from the
# defaults), and only a workstation of its own (row-level security, as for the history: a record
# under a colleague's workstation id would refuse every push of theirs); no role updates or deletes
# a record. A workstation's changes past a seq (a copied store's check, the lookup after a lost
# acknowledgement) are read from where the feed stood when the first push holding them began
# (``after_id``: every revision the push drew is above it), a range of the primary key. The upgrade
# records each workstation's versions in the feed as one push (up to the desk's mark of it, under
# the workstation's user), a scan of the feed, once, and drops the key. The feed itself keeps no
# row-level security (a push fills it with ``COPY``): a push record is one row, inserted with VALUES.
_V12 = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE FUNCTION desk.feed_head() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, desk AS $$
    SELECT coalesce(max(id), 0) FROM desk.changes
$$;
CREATE TABLE desk.pushes (
    ws text NOT NULL,
    first_seq bigint NOT NULL,
    last_seq bigint NOT NULL,
    after_id bigint NOT NULL DEFAULT desk.feed_head(),
    by text NOT NULL DEFAULT session_user,
    at timestamptz NOT NULL DEFAULT now(),
    CHECK (first_seq <= last_seq),
    CONSTRAINT pushes_apart EXCLUDE USING gist (ws WITH =, int8range(first_seq, last_seq, '[]') WITH &&)
);
CREATE INDEX pushes_ws ON desk.pushes (ws, last_seq);
-- (up to each workstation's mark: a push records the seqs after it)
INSERT INTO desk.pushes (ws, first_seq, last_seq, after_id, by, at)
SELECT f.ws, f.first_seq, least(f.last_seq, coalesce(w.last_seq, f.last_seq)), f.first_id - 1,
       coalesce(w.by, 'upgrade'), now()
  FROM (SELECT ws, min(seq) AS first_seq, max(seq) AS last_seq, min(id) AS first_id FROM desk.changes GROUP BY ws) f
  LEFT JOIN desk.workstations w ON w.ws = f.ws
 WHERE f.first_seq <= least(f.last_seq, coalesce(w.last_seq, f.last_seq));
ALTER TABLE desk.pushes ENABLE ROW LEVEL SECURITY;
CREATE POLICY pushes_read ON desk.pushes FOR SELECT TO workbench_analyst USING (true);
CREATE POLICY pushes_write ON desk.pushes FOR INSERT TO workbench_analyst
    WITH CHECK (by = session_user AND desk.own_ws(ws));
GRANT SELECT ON desk.pushes TO workbench_analyst;
GRANT INSERT (ws, first_seq, last_seq) ON desk.pushes TO workbench_analyst;
ALTER TABLE desk.changes DROP CONSTRAINT changes_ws_seq_key;
"""


# v13: every version in the feed lies inside a push. Since v12 a push records the range of seqs it
# applies, but an analyst's own login could still INSERT (or COPY) versions into the feed under their
# own workstation id with no record: a second version at a seq their station had pushed, or one at a
# seq it had not used yet. Their station skips its own workstation's entries when it pulls, and the
# copied-store check reads a workstation's changes from where a push record says they begin, so the
# desk and every colleague held figures that analyst's own store silently disagreed with. Now the
# feed's statement trigger (the one that keeps each workstation id to its user) also refuses, for
# every role the workbench gives users, a version no push of its own transaction covers: its seq
# inside a record of the same workstation made in this transaction (``desk.pushes``: by this user, at
# this transaction's time, which no client sets), or, for a row a push sends again (a retry after a
# lost acknowledgement, a row decided again), inside an earlier record of that workstation when this
# transaction's record begins right after the desk's mark of it (where a push's record begins when it
# sends a row again). So a version written by hand needs a push record of its own, whose range the
# exclusion constraint keeps apart from the station's real pushes. The check is one pass over the
# statement's versions (each workstation's lowest and highest seq, with the workstation's user) and,
# for each of its few workstations, one lookup of this transaction's records; only a statement spread
# over several records, or holding a row sent again, has that workstation's versions looked at one by
# one. The feed's own copies of the other tables' writes (``desk.feed()``, run as the schema's owner)
# and the owner's own writes are not checked, as in v8. Nothing is moved: the upgrade is instant.
_V13 = """
CREATE OR REPLACE FUNCTION desk.refuse_other_ws() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- the feed's own copies of the other tables' writes come from desk.feed(), run as the owner
    owner boolean := pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE');
    g record;
    seq_of bigint;
BEGIN
    -- one pass over the statement's entries (each workstation's lowest and highest seq), then for each
    -- of its few workstations one lookup of its user and one of this transaction's push records
    FOR g IN SELECT a.ws, w.by AS holder, a.lo, a.hi FROM (SELECT ws, min(seq) AS lo, max(seq) AS hi FROM added GROUP BY ws) a
               LEFT JOIN desk.workstations w ON w.ws = a.ws
              ORDER BY coalesce(w.by <> session_user, false) DESC LOOP  -- (another user's id named first)
        IF g.holder <> session_user THEN
            RAISE EXCEPTION '工作站 %% 属于 %%，其他用户不能以它的名义写入 (workstation %% is %%''s: no other desk user '
                            'writes under its id)', g.ws, g.holder, g.ws, g.holder
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        CONTINUE WHEN owner OR EXISTS (
            SELECT 1 FROM desk.pushes r WHERE r.ws = g.ws AND r.last_seq >= g.hi AND r.first_seq <= g.lo
               AND r.by = session_user AND r.at = now());
        -- (spread over several records, or a row sent again: each of the workstation's versions looked at)
        SELECT a.seq INTO seq_of FROM added a
         WHERE a.ws = g.ws AND NOT EXISTS (
               SELECT 1 FROM desk.pushes r LEFT JOIN desk.workstations w ON w.ws = r.ws
                WHERE r.ws = a.ws AND r.last_seq >= a.seq AND r.by = session_user AND r.at = now()
                  AND (r.first_seq <= a.seq
                       -- (a row sent again: inside an earlier push, at or below the desk's mark)
                       OR (r.first_seq = coalesce(w.last_seq, 0) + 1 AND EXISTS (
                           SELECT 1 FROM desk.pushes e WHERE e.ws = a.ws
                              AND int8range(e.first_seq, e.last_seq, '[]') @> a.seq))))
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '团队库只收推送写入的版本：工作站 %% 的第 %% 号变更不在本事务记录的推送范围内 (the desk takes '
                            'versions only from a push: change %% of workstation %% lies outside every push this '
                            'transaction recorded in desk.pushes)', g.ws, seq_of, seq_of, g.ws
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
"""


# v14: a row kept in place is a push's only inside its push, and a workstation's mark moves only with a
# push. Two holes v13 left, found with psql under a real desk role:
# - ``desk.rows`` (house, analysts, segments, indices, notes, issues) took an INSERT, or an UPDATE naming
#   (or keeping) the user's own workstation id, with no push. The feed's copy of it (``desk.feed()``, run as
#   the owner, which v13 does not check) carried that id: every colleague took it and the writer's own
#   station skipped it as its own, so the desk and that store silently disagreed. Now a write of a row kept
#   in place (or of the publication record, written the same way) naming a workstation id of the user's own
#   whose seq no push record of this transaction covers (v13's rule, now in one home: ``desk.in_push``,
#   which the feed's per-statement check also asks, for the versions it looks at one by one) is the user's
#   own write outside any workstation: its id becomes ``sql:USER``, as
#   a hand UPDATE of a row another workstation wrote already did since v10, so every station pulls it, the
#   writer's own included. Re-marked, not refused: nothing is lost, and should a push's own row ever be
#   re-marked (a seq whose push record a prune before v12 left unknown), its station only pulls back the
#   row it sent. A row under another user's workstation id stays refused (v10). One BEFORE row trigger:
#   a push writes a handful of such rows, and the feed, where the facts go, gets no per-row work.
# - ``desk.workstations.last_seq``, the desk's mark of a workstation (the last of its changes the desk
#   applied), could be moved by its own user. Moved forward past changes the station had not pushed, its
#   next sync took its push for one whose acknowledgement was lost and put the desk's values over its
#   offline work; moved back, it opened v13's "row sent again" clause to versions written by hand. Now,
#   for every role the workbench gives users, the mark never goes down, goes up only in a transaction that
#   recorded a push of that workstation by that user (``desk.pushes``: by this user, at this transaction's
#   time), a new workstation's row starts at 0 unless such a record exists, and a row keeps its
#   workstation id. (An upsert whose workstation has a row is checked as the update it becomes.)
# - v13's "row sent again" clause is gone: a version or a row at a seq an earlier push record holds was
#   taken when this transaction's record began right after the desk's mark, which psql could supply, so a
#   user could write under their own workstation at an old seq their station never looks at again. A push
#   no longer sends such a change (after a lost acknowledgement and changes made since, what the lost push
#   carried is checked and taken, then only the later changes are pushed): every change a push writes lies
#   inside its own record.
# - A row kept in place keeps its table and key (v9 kept them for index rows only): an analyst's UPDATE of
#   an issue's or a segment's key made the row vanish from the desk with no deletion, while every store
#   kept it (a draft then held twice, companies naming a segment the desk no longer had). A workstation
#   never changes them (a push writes a row by its table and key).
# - ``sql:USER``, the name of a user's own writes outside any workstation, is that user's alone: another
#   user could claim it as a workstation id and so have every hand write of that user refused, or write
#   rows under it.
# The schema's owner is checked by none of these, as in v8 and v13. Nothing is moved: the upgrade is
# instant (it drops a claim of another user's ``sql:`` name, which no workstation makes).
_V14 = """
CREATE FUNCTION desk.in_push(w text, s bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    -- a push record of this transaction (by this user, at this transaction's time, which no client sets)
    -- that holds the seq: a push never writes a change at or below the desk's mark of its workstation
    -- (the changes a push whose acknowledgement was lost carried are checked and taken, not sent again)
    SELECT EXISTS (
        SELECT 1 FROM desk.pushes r
         WHERE r.ws = w AND r.last_seq >= s AND r.first_seq <= s AND r.by = session_user AND r.at = now())
$$;

CREATE OR REPLACE FUNCTION desk.refuse_other_ws() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- the feed's own copies of the other tables' writes come from desk.feed(), run as the owner
    owner boolean := pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE');
    g record;
    seq_of bigint;
BEGIN
    -- one pass over the statement's entries (each workstation's lowest and highest seq), then for each
    -- of its few workstations one lookup of its user and one of this transaction's push records
    FOR g IN SELECT a.ws, w.by AS holder, a.lo, a.hi FROM (SELECT ws, min(seq) AS lo, max(seq) AS hi FROM added GROUP BY ws) a
               LEFT JOIN desk.workstations w ON w.ws = a.ws
              ORDER BY coalesce(w.by <> session_user, false) DESC LOOP  -- (another user's id named first)
        IF g.holder <> session_user THEN
            RAISE EXCEPTION '工作站 %% 属于 %%，其他用户不能以它的名义写入 (workstation %% is %%''s: no other desk user '
                            'writes under its id)', g.ws, g.holder, g.ws, g.holder
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        CONTINUE WHEN owner OR EXISTS (
            SELECT 1 FROM desk.pushes r WHERE r.ws = g.ws AND r.last_seq >= g.hi AND r.first_seq <= g.lo
               AND r.by = session_user AND r.at = now());
        -- (spread over several records, or a row sent again: each of the workstation's versions looked at)
        SELECT a.seq INTO seq_of FROM added a WHERE a.ws = g.ws AND NOT desk.in_push(a.ws, a.seq) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION '团队库只收推送写入的版本：工作站 %% 的第 %% 号变更不在本事务记录的推送范围内 (the desk takes '
                            'versions only from a push: change %% of workstation %% lies outside every push this '
                            'transaction recorded in desk.pushes)', g.ws, seq_of, seq_of, g.ws
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

-- a row kept in place (or a record) written outside a push under one's own workstation id is one's own
-- write outside any workstation
CREATE FUNCTION desk.unpushed_ws() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ws IS DISTINCT FROM 'sql:' || session_user
       AND NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
       AND NOT desk.in_push(NEW.ws, NEW.seq) AND (desk.own_ws(NEW.ws) OR NEW.ws LIKE 'sql:%%') THEN
        NEW.ws := 'sql:' || session_user;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rows_within_push BEFORE INSERT OR UPDATE ON desk.rows FOR EACH ROW EXECUTE FUNCTION desk.unpushed_ws();
CREATE TRIGGER records_within_push BEFORE INSERT ON desk.records FOR EACH ROW EXECUTE FUNCTION desk.unpushed_ws();

-- the desk's mark of a workstation moves forward, and only with a push of it
CREATE FUNCTION desk.keep_mark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was bigint := 0;
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.ws IS DISTINCT FROM OLD.ws THEN
            RAISE EXCEPTION '工作站的记录保留其标识：%% 不能改为 %% (a workstation''s row keeps its id: %% is not renamed %%)',
                            OLD.ws, NEW.ws, OLD.ws, NEW.ws
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        was := OLD.last_seq;
    ELSIF EXISTS (SELECT 1 FROM desk.workstations w WHERE w.ws = NEW.ws) THEN
        RETURN NEW;  -- (an upsert: checked as the update it becomes; a plain INSERT meets the key)
    END IF;
    IF TG_OP = 'INSERT' AND (NEW.last_seq < 0 OR NOT EXISTS (
            SELECT 1 FROM desk.pushes r WHERE r.ws = NEW.ws AND r.by = session_user AND r.at = now())) THEN
        RAISE EXCEPTION '工作站 %% 在团队库的标记从 0 开始，只有记录了它的推送的事务才能设为 %%；请用工作台同步 (the desk''s mark '
                        'of workstation %% starts at 0: only a transaction that recorded a push of it in desk.pushes '
                        'sets it to %%; sync with the workbench, which sets it as it pushes)',
                        NEW.ws, NEW.last_seq, NEW.ws, NEW.last_seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.last_seq < was THEN
        RAISE EXCEPTION '团队库对工作站 %% 的标记只进不退：已应用到它的第 %% 号变更，不能改回第 %% 号 (the desk''s mark of '
                        'workstation %% never moves back: its changes are applied up to %%, not set back to %%)',
                        NEW.ws, was, NEW.last_seq, NEW.ws, was, NEW.last_seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.last_seq > was AND NOT EXISTS (
            SELECT 1 FROM desk.pushes r WHERE r.ws = NEW.ws AND r.by = session_user AND r.at = now()) THEN
        RAISE EXCEPTION '团队库对工作站 %% 的标记（已应用到第 %% 号变更）只在记录了它的推送的事务中前移，本事务未记录，不能改为第 %% 号；'
                        '请用工作台同步 (the desk''s mark of workstation %%, its changes applied up to %%, moves forward '
                        'only in a transaction that recorded a push of it in desk.pushes, and this one recorded none: '
                        'not moved to %%; sync with the workbench, which moves it as it pushes)',
                        NEW.ws, was, NEW.last_seq, NEW.ws, was, NEW.last_seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER workstations_mark_insert BEFORE INSERT ON desk.workstations FOR EACH ROW
    WHEN (NEW.last_seq <> 0) EXECUTE FUNCTION desk.keep_mark();
CREATE TRIGGER workstations_mark_update BEFORE UPDATE ON desk.workstations FOR EACH ROW
    WHEN (NEW.last_seq IS DISTINCT FROM OLD.last_seq OR NEW.ws IS DISTINCT FROM OLD.ws)
    EXECUTE FUNCTION desk.keep_mark();

-- a row kept in place keeps its table and key: every station knows it by them
CREATE FUNCTION desk.keep_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '团队库的行保留其表和标识：%% %% 不能改为 %% %% (a desk row keeps its table and key: %% %% is not '
                    'changed to %% %%; a workstation writes a new row and deletes the old one)',
                    OLD.tbl, OLD.key, NEW.tbl, NEW.key, OLD.tbl, OLD.key, NEW.tbl, NEW.key
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER rows_keep_key BEFORE UPDATE ON desk.rows FOR EACH ROW
    WHEN (NEW.tbl IS DISTINCT FROM OLD.tbl OR NEW.key IS DISTINCT FROM OLD.key) EXECUTE FUNCTION desk.keep_key();

-- ``sql:USER`` names that user's own writes outside any workstation: no workstation takes the name, and
-- no other user writes under it (a claim another user made of it on an older desk is dropped)
DELETE FROM desk.workstations WHERE ws LIKE 'sql:%%' AND ws <> 'sql:' || by;
CREATE OR REPLACE FUNCTION desk.own_ws(w text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT (w NOT LIKE 'sql:%%' OR w = 'sql:' || session_user)
       AND NOT EXISTS (SELECT 1 FROM desk.workstations x WHERE x.ws = w AND x.by <> session_user)
$$;
ALTER POLICY ws_write ON desk.workstations WITH CHECK (by = session_user AND ws NOT LIKE 'sql:%%');
ALTER POLICY pushes_write ON desk.pushes WITH CHECK (by = session_user AND desk.own_ws(ws) AND ws NOT LIKE 'sql:%%');
"""

# v15: a company renamed keeps every note naming it. A note names companies by ticker, and a note is its
# writer's alone: when one workstation renamed a company, the rename's new link of a colleague's note was
# refused (listed at the renaming station as a refusal), the desk kept the note naming the old ticker, and
# the colleague's own store dropped the link when it pulled the old ticker's deletion; three different notes.
# Now a company's row names the ticker it was renamed from (``formerly``), and when a version of it lands
# while that ticker is no company on the desk, the desk itself, as the schema's owner, records the rename
# (``desk.renames``, old -> new, who and when) and re-points every note naming the old ticker, whoever wrote
# it (its owner stays its writer's; the feed names the renaming user, under ``sql:USER`` so every station
# takes it, the renamer's own included). A note that names a renamed ticker later (made offline before its
# station heard of the rename) is re-pointed as it lands. A company made again under a ticker it was renamed
# from ends that rename. Every role reads the renames; none writes them. A station pulling a company's
# deletion re-points its own notes that name it to the ticker the desk's renames lead to (its notes not yet
# pushed included).
_V15 = """
CREATE TABLE desk.renames (
    old text PRIMARY KEY,
    new text NOT NULL,
    by text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE desk.renames ENABLE ROW LEVEL SECURITY;
CREATE POLICY renames_read ON desk.renames FOR SELECT TO workbench_analyst USING (true);
GRANT SELECT ON desk.renames TO workbench_analyst;

-- whether a ticker is a company on the desk now (its newest version is no deletion)
CREATE FUNCTION desk.live_company(t text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT c.data IS NOT NULL FROM desk.changes c WHERE c.tbl = 'companies' AND c.key = t
                      ORDER BY c.id DESC LIMIT 1), false)
$$;

-- a note's companies with every renamed ticker followed to its end, once each, in the stores' order
CREATE FUNCTION desk.repointed(tickers jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    t text;
    n text;
    hops int;
    seen text[] := '{}';
BEGIN
    FOR t IN SELECT jsonb_array_elements_text(tickers) LOOP
        hops := 0;
        LOOP
            SELECT r.new INTO n FROM desk.renames r WHERE r.old = t;
            EXIT WHEN NOT FOUND OR hops > 100;
            t := n;
            hops := hops + 1;
        END LOOP;
        IF NOT (t = ANY(seen)) THEN
            seen := seen || t;
        END IF;
    END LOOP;
    RETURN (SELECT coalesce(jsonb_agg(x ORDER BY x COLLATE "C"), '[]'::jsonb) FROM unnest(seen) x);
END $$;

-- a version of a company that names the ticker it was renamed from: the rename, and every note re-pointed
CREATE FUNCTION desk.company_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, desk AS $$
DECLARE
    was text := NEW.data->>'formerly';
BEGIN
    IF NEW.data IS NULL THEN
        RETURN NULL;
    END IF;
    DELETE FROM desk.renames r WHERE r.old = NEW.key;  -- (a company again under a ticker it was renamed from)
    IF was IS NULL OR was = NEW.key OR desk.live_company(was) THEN
        RETURN NULL;
    END IF;
    INSERT INTO desk.renames AS r (old, new, by) VALUES (was, NEW.key, session_user)
        ON CONFLICT ON CONSTRAINT renames_pkey DO UPDATE SET new = excluded.new, by = excluded.by, at = now()
        WHERE r.new IS DISTINCT FROM excluded.new;
    UPDATE desk.rows SET data = jsonb_set(data, '{tickers}', desk.repointed(data->'tickers')),
                         ws = 'sql:' || session_user, seq = 0
     WHERE tbl = 'notes' AND data IS NOT NULL AND jsonb_typeof(data->'tickers') = 'array' AND data->'tickers' ? was;
    RETURN NULL;
END $$;
CREATE TRIGGER changes_company_renamed AFTER INSERT ON desk.changes FOR EACH ROW
    WHEN (NEW.tbl = 'companies') EXECUTE FUNCTION desk.company_renamed();

-- a note that lands naming a ticker renamed since names the company it became
CREATE FUNCTION desk.renamed_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM desk.renames r WHERE NEW.data->'tickers' ? r.old) THEN
        NEW.data := jsonb_set(NEW.data, '{tickers}', desk.repointed(NEW.data->'tickers'));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rows_renamed_tickers BEFORE INSERT OR UPDATE ON desk.rows FOR EACH ROW
    WHEN (NEW.tbl = 'notes' AND NEW.data IS NOT NULL AND jsonb_typeof(NEW.data->'tickers') = 'array')
    EXECUTE FUNCTION desk.renamed_note();

-- the desk's own re-pointing of a colleague's note is no one claiming its authorship
CREATE OR REPLACE FUNCTION desk.refuse_other_author() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    claimed text := split_part(NEW.data->>'author', ' (', 1);
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NEW;
    END IF;
    IF claimed <> session_user AND EXISTS (
            SELECT 1 FROM pg_roles r WHERE r.rolname = claimed AND r.rolcanlogin
               AND pg_has_role(r.oid, 'workbench_analyst', 'MEMBER')) THEN
        RAISE EXCEPTION '笔记的作者 %% 是另一位团队库用户，%% 不能以其名义发布 (the note''s author %% is another desk '
                        'user: %% cannot publish under that name): %%', claimed, session_user, claimed,
                        session_user, NEW.key
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
"""

# v16: a company deleted leaves every note that named it the same on every station and the desk. A store
# drops a note's link to a company it deletes (or pulls the deletion of), but the desk kept a colleague's
# note naming it (a note is its writer's: the deleting station's change of it was refused, and listed),
# and every store pulling that note refused it for naming a company it lacks: the desk and the stores
# disagreed for good. Now, when a company's deletion lands, the desk itself, as the schema's owner, drops
# the company from every note naming it, whoever wrote the note (the note stays its writer's; the feed
# names the deleting user under ``sql:USER``, so every station takes it), and remembers which notes named
# it (``desk.unlinked``: every role reads it, none writes it). When the company comes back (kept against
# the deletion and sent back, made again under its ticker, or renamed from it by a station that had not
# heard of the deletion), those notes name it again, or the company it became. The upgrade does the same
# for the notes a v15 desk kept naming a deleted company.
_V16 = """
CREATE TABLE desk.unlinked (
    ticker text NOT NULL,
    note text NOT NULL,
    by text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ticker, note)
);
ALTER TABLE desk.unlinked ENABLE ROW LEVEL SECURITY;
CREATE POLICY unlinked_read ON desk.unlinked FOR SELECT TO workbench_analyst USING (true);
GRANT SELECT ON desk.unlinked TO workbench_analyst;
-- the notes naming a ticker, found by an index rather than a pass over every note (a deletion or a rename)
CREATE INDEX rows_note_tickers ON desk.rows USING gin ((data->'tickers')) WHERE tbl = 'notes';

-- the notes naming a company just deleted lose it, and are remembered
CREATE FUNCTION desk.unlink_notes(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH unlinked AS (
        UPDATE desk.rows SET data = jsonb_set(data, '{tickers}', (data->'tickers') - t), ws = 'sql:' || session_user,
                             seq = 0
         WHERE tbl = 'notes' AND data IS NOT NULL AND jsonb_typeof(data->'tickers') = 'array' AND data->'tickers' ? t
        RETURNING key)
    INSERT INTO desk.unlinked (ticker, note, by) SELECT t, key, session_user FROM unlinked
        ON CONFLICT ON CONSTRAINT unlinked_pkey DO NOTHING;
END $$;

-- the notes that named a deleted company ``was`` name ``t`` (the company back, or the one it became)
CREATE FUNCTION desk.relink_notes(was text, t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM desk.unlinked u WHERE u.ticker = was) THEN
        RETURN;
    END IF;
    UPDATE desk.rows n SET data = jsonb_set(n.data, '{tickers}', desk.repointed((n.data->'tickers') || to_jsonb(t))),
                           ws = 'sql:' || session_user, seq = 0
      FROM desk.unlinked u
     WHERE u.ticker = was AND n.tbl = 'notes' AND n.key = u.note AND n.data IS NOT NULL
       AND jsonb_typeof(n.data->'tickers') = 'array' AND NOT (n.data->'tickers' ? t);
    DELETE FROM desk.unlinked u WHERE u.ticker = was;
END $$;

CREATE OR REPLACE FUNCTION desk.company_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, desk AS $$
DECLARE
    was text := NEW.data->>'formerly';
BEGIN
    IF NEW.data IS NULL THEN  -- a deletion: the notes naming the company lose it
        PERFORM desk.unlink_notes(NEW.key);
        RETURN NULL;
    END IF;
    DELETE FROM desk.renames r WHERE r.old = NEW.key;  -- (a company again under a ticker it was renamed from)
    PERFORM desk.relink_notes(NEW.key, NEW.key);  -- (a company back: the notes that named it)
    IF was IS NULL OR was = NEW.key OR desk.live_company(was) THEN
        RETURN NULL;
    END IF;
    INSERT INTO desk.renames AS r (old, new, by) VALUES (was, NEW.key, session_user)
        ON CONFLICT ON CONSTRAINT renames_pkey DO UPDATE SET new = excluded.new, by = excluded.by, at = now()
        WHERE r.new IS DISTINCT FROM excluded.new;
    UPDATE desk.rows SET data = jsonb_set(data, '{tickers}', desk.repointed(data->'tickers')),
                         ws = 'sql:' || session_user, seq = 0
     WHERE tbl = 'notes' AND data IS NOT NULL AND jsonb_typeof(data->'tickers') = 'array' AND data->'tickers' ? was;
    PERFORM desk.relink_notes(was, NEW.key);  -- (renamed from a deleted ticker: its notes follow)
    RETURN NULL;
END $$;

-- (the desk's own steps: no role calls them)
REVOKE EXECUTE ON FUNCTION desk.unlink_notes(text), desk.relink_notes(text, text) FROM PUBLIC;

-- a v15 desk kept the notes naming a deleted company: each loses it now, remembered
SELECT desk.unlink_notes(d.key) FROM (
    SELECT DISTINCT ON (c.key) c.key, c.data FROM desk.changes c WHERE c.tbl = 'companies' ORDER BY c.key, c.id DESC
) d WHERE d.data IS NULL;
"""

#: The server's schema history: (version, SQL), applied in order, each in one transaction.
MIGRATIONS: list[tuple[int, str]] = [(1, _V1), (2, _V2), (3, _V3 % {"lock": PUSH_LOCK}), (4, _V4),
                                     (5, _V5 % {"lock": PUSH_LOCK}),
                                     (6, _V6 % {"lock": PUSH_LOCK, "versioned": _VERSIONED}),
                                     (7, _V7 % {"lock": PUSH_LOCK, "versioned": _VERSIONED}),
                                     (8, _V8 % {"versioned": _VERSIONED}), (9, _V9 % {}),
                                     (10, _V10 % dict(zip(("when", "ranges"), _figure_checks()))),
                                     (11, _V11), (12, _V12), (13, _V13 % {}),
                                     (14, _V14 % {}), (15, _V15 % {}), (16, _V16 % {})]
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
