//! SQLite through rusqlite (bundled): one connection in WAL mode with `synchronous = FULL`, so
//! a commit is on disk before it returns; calls run on tokio's blocking pool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode};

use super::{DbError, Row, Statement, Value};

pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
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
        Ok(Sqlite {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| DbError::Other("SQLite connection poisoned".into()))?;
            f(&mut guard)
        })
        .await
        .map_err(|_| DbError::Other("SQLite task failed".into()))?
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

    pub async fn write(&self, statements: Vec<Statement>) -> Result<(), DbError> {
        self.run(move |conn| {
            let tx = conn.transaction().map_err(map_err)?;
            for (sql, values) in &statements {
                let mut stmt = tx.prepare_cached(sql).map_err(map_err)?;
                let params: Vec<rusqlite::types::Value> = values.iter().map(to_sql).collect();
                stmt.execute(rusqlite::params_from_iter(params))
                    .map_err(map_err)?;
            }
            tx.commit().map_err(map_err)
        })
        .await
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
