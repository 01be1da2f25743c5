//! SQLite through rusqlite (bundled): one connection in WAL mode with `synchronous = FULL`, so
//! a commit is on disk before it returns; calls run on tokio's blocking pool. Writes are
//! group-committed (`group`): one transaction per group, a savepoint per write.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode};

use super::group::{CommitFn, Group, Write};
use super::{DbError, Row, Statement, Value};

pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
    group: Group,
}

fn map_err(e: rusqlite::Error) -> DbError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::ConstraintViolation
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                DbError::Conflict
            }
            ErrorCode::DiskFull
            | ErrorCode::ReadOnly
            | ErrorCode::CannotOpen
            | ErrorCode::SystemIoFailure
            | ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked => DbError::Unavailable(format!("SQLite {:?}", f.code)),
            code => DbError::Other(format!("SQLite {code:?}")),
        },
        _ => DbError::Other("SQLite".into()),
    }
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Int(n) => rusqlite::types::Value::Integer(*n),
        Value::Null => rusqlite::types::Value::Null,
    }
}

impl Sqlite {
    pub fn open(path: &Path) -> Result<Sqlite, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            make_private_dir(dir)?;
        }
        let conn = Connection::open(path).map_err(map_err)?;
        restrict(path);
        // WAL lets readers go on during a write; FULL makes every commit durable (in WAL
        // mode NORMAL may lose the last commits on power loss, which an acknowledged entry
        // must survive).
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(map_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(map_err)?;
        // Refuse to run with commits that are not durable (2 = FULL).
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .map_err(map_err)?;
        if sync != 2 {
            return Err(DbError::Unavailable(format!(
                "SQLite would not make commits durable (synchronous = {sync})"
            )));
        }
        let conn = Arc::new(Mutex::new(conn));
        let shared = conn.clone();
        // One committer: SQLite has one writer at a time; the next group forms while this
        // one is flushed.
        let commit: CommitFn = Arc::new(move |writes| {
            let conn = shared.clone();
            Box::pin(async move {
                let n = writes.len();
                run(conn, move |c| Ok(commit_group(c, &writes)))
                    .await
                    .unwrap_or_else(|e| vec![Err(e); n])
            })
        });
        Ok(Sqlite {
            conn,
            group: Group::start(1, commit),
        })
    }

    /// A copy opened to be checked (`backup`): read-only, nothing changed in it — no journal
    /// mode, no migrations.
    pub fn open_read_only(path: &Path) -> Result<Sqlite, DbError> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(map_err)?;
        let conn = Arc::new(Mutex::new(conn));
        let refuse: CommitFn = Arc::new(|writes| {
            let n = writes.len();
            Box::pin(async move { vec![Err(DbError::Other("a read-only copy".into())); n] })
        });
        Ok(Sqlite {
            conn,
            group: Group::start(1, refuse),
        })
    }

    /// Write a consistent copy of the database to the new, empty file `out` while it is in use
    /// (`VACUUM INTO`: one read transaction; writers go on), and check the copy page by page.
    pub async fn copy_to(&self, out: &Path) -> Result<(), DbError> {
        let target = out.to_string_lossy().into_owned();
        self.run(move |conn| {
            conn.execute("VACUUM INTO ?1", [&target]).map_err(map_err)?;
            Ok(())
        })
        .await
    }

    /// `PRAGMA integrity_check`: "ok", or the first problems SQLite names.
    pub async fn integrity(&self) -> Result<String, DbError> {
        self.run(|conn| {
            conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
                .map_err(map_err)
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        run(self.conn.clone(), f).await
    }

    pub async fn query(&self, sql: &'static str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        self.run(move |conn| {
            let mut stmt = conn.prepare_cached(sql).map_err(map_err)?;
            let n = stmt.column_count();
            let params: Vec<rusqlite::types::Value> = values.iter().map(to_sql).collect();
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params))
                .map_err(map_err)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(map_err)? {
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    values.push(match row.get_ref(i).map_err(map_err)? {
                        ValueRef::Integer(v) => Value::Int(v),
                        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Null => Value::Null,
                        ValueRef::Real(_) | ValueRef::Blob(_) => {
                            return Err(DbError::Other("SQLite: unexpected column type".into()));
                        }
                    });
                }
                out.push(values);
            }
            Ok(out)
        })
        .await
    }

    /// Statements applied as one transaction, durable when this returns (group-committed).
    pub async fn write(&self, statements: Vec<Statement>) -> Result<(), DbError> {
        self.group.write(statements).await
    }

    pub async fn batch(&self, script: String) -> Result<(), DbError> {
        self.run(move |conn| {
            conn.execute_batch(&format!("BEGIN;\n{script}\nCOMMIT;"))
                .map_err(|e| {
                    let _ = conn.execute_batch("ROLLBACK;");
                    match map_err(e) {
                        DbError::Other(code) => {
                            DbError::Schema(format!("migration failed ({code})"))
                        }
                        other => other,
                    }
                })
        })
        .await
    }
}

/// Run `f` with the connection on tokio's blocking pool.
async fn run<T: Send + 'static>(
    conn: Arc<Mutex<Connection>>,
    f: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
) -> Result<T, DbError> {
    tokio::task::spawn_blocking(move || {
        let mut guard = conn
            .lock()
            .map_err(|_| DbError::Other("SQLite connection poisoned".into()))?;
        f(&mut guard)
    })
    .await
    .map_err(|_| DbError::Other("SQLite task failed".into()))?
}

fn execute(conn: &Connection, statements: &[Statement]) -> Result<(), DbError> {
    for (sql, values) in statements {
        let mut stmt = conn.prepare_cached(sql).map_err(map_err)?;
        let params: Vec<rusqlite::types::Value> = values.iter().map(to_sql).collect();
        stmt.execute(rusqlite::params_from_iter(params))
            .map_err(map_err)?;
    }
    Ok(())
}

/// One transaction for the group, a savepoint per write: a refused write is rolled back to
/// its savepoint and the others stay. If the commit fails, none is stored and all are told.
fn commit_group(conn: &mut Connection, writes: &[Write]) -> Vec<Result<(), DbError>> {
    let n = writes.len();
    let mut tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(e) => return vec![Err(map_err(e)); n],
    };
    let mut outcomes = Vec::with_capacity(n);
    for statements in writes {
        let outcome = tx.savepoint().map_err(map_err).and_then(|sp| {
            execute(&sp, statements)?;
            sp.commit().map_err(map_err)
        });
        outcomes.push(outcome);
    }
    match tx.commit() {
        Ok(()) => outcomes,
        Err(e) => {
            // A full or failing disk can end the transaction under a statement: say that,
            // rather than the commit's own complaint about it.
            let why = outcomes
                .into_iter()
                .find_map(|o| match o {
                    Err(e @ DbError::Unavailable(_)) => Some(e),
                    _ => None,
                })
                .unwrap_or_else(|| map_err(e));
            vec![Err(why); n]
        }
    }
}

/// The database's folder 0700, its files 0600: they hold every protocol of the court.
fn make_private_dir(dir: &Path) -> Result<(), DbError> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| DbError::Unavailable(format!("cannot create {} ({e})", dir.display())))
}

fn restrict(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}
