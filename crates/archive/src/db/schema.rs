//! The schema and its migrations, applied on start. One set of tables for both databases; the
//! append-only guard differs: PostgreSQL gets a trigger function and revoked privileges,
//! SQLite gets triggers. Every table of the archive's record is append-only — a hearing's
//! entries, receipts, checkpoints, cosignatures, alerts, witnessed checkpoints — so neither a
//! bug nor a person with the server's database login can change what was acknowledged.

use super::{Db, DbError, Value};

/// The tables, in creation order; each is append-only.
pub const TABLES: &[&str] = &[
    "hearings",
    "entries",
    "receipts",
    "checkpoints",
    "cosignatures",
    "alerts",
    "witnessed",
];

/// Version 1: the tables. Keys make a resubmission idempotent and a second different row at
/// the same place impossible (`entries` by hearing and seq, `receipts` by log index). No
/// foreign keys: the archive writes a hearing with its first entry in one transaction, and in
/// PostgreSQL a foreign key would lock the hearing's row for every entry added to it.
const V1_TABLES: &str = "
CREATE TABLE hearings (
    hearing_key TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    hearing_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    workstation TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX hearings_by_case ON hearings (case_number);
CREATE INDEX hearings_by_id ON hearings (hearing_id);
CREATE TABLE entries (
    hearing_key TEXT NOT NULL,
    seq BIGINT NOT NULL CHECK (seq > 0),
    hash TEXT NOT NULL,
    line TEXT NOT NULL,
    state TEXT NOT NULL,
    workstation TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (hearing_key, seq)
);
CREATE TABLE receipts (
    log_index BIGINT PRIMARY KEY CHECK (log_index >= 0),
    hearing_key TEXT NOT NULL,
    seq BIGINT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX receipts_by_hearing ON receipts (hearing_key, seq);
CREATE TABLE checkpoints (
    tree_size BIGINT PRIMARY KEY,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE cosignatures (
    tree_size BIGINT NOT NULL,
    witness TEXT NOT NULL,
    line TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tree_size, witness)
);
CREATE TABLE alerts (
    hearing_key TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    held TEXT NOT NULL,
    offered TEXT NOT NULL,
    workstation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (hearing_key, seq, offered)
);
CREATE TABLE witnessed (
    origin TEXT NOT NULL,
    tree_size BIGINT NOT NULL,
    root TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (origin, tree_size)
);
";

fn guard_postgres() -> String {
    let mut s = String::from(
        "CREATE FUNCTION hattama_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'hattama archive: % on % refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
",
    );
    for t in TABLES {
        s.push_str(&format!(
            "CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION hattama_append_only();
CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} FOR EACH STATEMENT EXECUTE FUNCTION hattama_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM PUBLIC;
"
        ));
    }
    s
}

fn guard_sqlite() -> String {
    let mut s = String::new();
    for t in TABLES {
        for op in ["UPDATE", "DELETE"] {
            s.push_str(&format!(
                "CREATE TRIGGER {t}_no_{} BEFORE {op} ON {t} BEGIN SELECT RAISE(ABORT, 'hattama archive: {op} on {t} refused: the table is append-only'); END;\n",
                op.to_lowercase()
            ));
        }
    }
    s
}

/// The migrations, in order: (version, script for this database).
fn migrations(db: &Db) -> Vec<(i64, String)> {
    let guard = match db {
        Db::Postgres(_) => guard_postgres(),
        Db::Sqlite(_) => guard_sqlite(),
    };
    vec![(1, format!("{V1_TABLES}\n{guard}"))]
}

/// The latest schema version this program knows.
pub const VERSION: i64 = 1;

/// Apply the missing migrations. A database newer than this program is refused.
pub async fn migrate(db: &Db) -> Result<(), DbError> {
    db.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL);"
            .to_string(),
    )
    .await
    .or_else(|e| match e {
        // A role that may not create tables can still serve a database already migrated.
        DbError::Schema(_) => Ok(()),
        other => Err(other),
    })?;
    let rows = db
        .query("SELECT MAX(version) FROM schema_migrations", vec![])
        .await?;
    let current = rows
        .first()
        .and_then(|r| r.first())
        .and_then(Value::int)
        .unwrap_or(0);
    if current > VERSION {
        return Err(DbError::Schema(format!(
            "the database has schema version {current}, this program knows up to {VERSION}: use a newer hattama-archive"
        )));
    }
    for (version, script) in migrations(db) {
        if version <= current {
            continue;
        }
        let now = chrono::Utc::now().to_rfc3339();
        db.batch(format!(
            "{script}\nINSERT INTO schema_migrations (version, applied_at) VALUES ({version}, '{now}');"
        ))
        .await?;
    }
    Ok(())
}

/// Grant a PostgreSQL role what the server needs and nothing more: read, and add rows.
pub async fn grant(db: &Db, role: &str) -> Result<(), DbError> {
    if !role.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || role.is_empty() {
        return Err(DbError::Schema(
            "a role name is letters, digits and underscores".into(),
        ));
    }
    let Db::Postgres(_) = db else {
        return Err(DbError::Schema(
            "roles exist in PostgreSQL only; protect a SQLite file with its permissions".into(),
        ));
    };
    let mut script = format!("GRANT SELECT ON schema_migrations TO {role};\n");
    for t in TABLES {
        script.push_str(&format!("GRANT SELECT, INSERT ON {t} TO {role};\n"));
    }
    db.batch(script).await
}
