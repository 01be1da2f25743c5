//! The archive's database: PostgreSQL (production) or SQLite (the default, one file), one
//! schema and one SQL text for both — `$N` placeholders, `TEXT` and `BIGINT` columns only —
//! behind a small dynamic layer ([`Value`], [`Db::query`], [`Db::write`]). The backends differ
//! only in how they connect and in the append-only triggers (`schema`).
//!
//! Every write is one transaction, committed durably before the archive acknowledges anything:
//! PostgreSQL with its default `synchronous_commit = on`, SQLite in WAL mode with
//! `synchronous = FULL`.

mod group;
mod pg_link;
mod postgres;
pub mod schema;
mod sqlite;

use std::path::PathBuf;

/// A parameter or a column value: the schema has text and 64-bit integers only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Int(i64),
    Null,
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl Value {
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn uint(&self) -> Option<u64> {
        self.int().and_then(|n| u64::try_from(n).ok())
    }
}

pub type Row = Vec<Value>;

/// One statement of a write.
pub type Statement = (&'static str, Vec<Value>);

/// What went wrong with the database. Messages carry the SQLSTATE or SQLite code and the
/// operation, never a row's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbError {
    /// A primary key already holds a row: another writer was first.
    #[error("a row with that key exists")]
    Conflict,
    /// The database cannot be reached, or cannot take the write (down, full, read-only).
    #[error("the database is unavailable ({0})")]
    Unavailable(String),
    #[error("database error ({0})")]
    Other(String),
    #[error("{0}")]
    Schema(String),
}

/// Where the data lives: `postgres://…` or `sqlite:PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl DbUrl {
    pub fn parse(s: &str) -> Result<DbUrl, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(s.to_string()));
        }
        match s.strip_prefix("sqlite:") {
            Some(path) if !path.is_empty() => Ok(DbUrl::Sqlite(PathBuf::from(path))),
            _ => Err(format!(
                "--db: expected postgres://USER@HOST:PORT/DB or sqlite:PATH, got {:?}",
                s.split(['@', '?']).next().unwrap_or_default()
            )),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DbUrl::Postgres(_) => "postgresql",
            DbUrl::Sqlite(_) => "sqlite",
        }
    }

    /// The URL for messages: a password is never shown.
    pub fn display(&self) -> String {
        match self {
            DbUrl::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let user = &url[s + 3..at];
                    let user = user.split(':').next().unwrap_or_default();
                    format!("{}{user}@{}", &url[..s + 3], &url[at + 1..])
                }
                _ => url.clone(),
            },
            DbUrl::Sqlite(path) => format!("sqlite:{}", path.display()),
        }
    }
}

/// An open database.
pub enum Db {
    Postgres(postgres::Pool),
    Sqlite(sqlite::Sqlite),
}

impl Db {
    /// Connect, and apply the migrations that are missing.
    pub async fn open(url: &DbUrl, connections: usize) -> Result<Db, DbError> {
        let db = match url {
            DbUrl::Postgres(u) => Db::Postgres(postgres::Pool::new(u, connections)?),
            DbUrl::Sqlite(path) => Db::Sqlite(sqlite::Sqlite::open(path)?),
        };
        schema::migrate(&db).await?;
        Ok(db)
    }

    /// A SQLite file opened read-only, to copy or check it (`backup`): nothing changed in it.
    pub fn open_read_only(path: &std::path::Path) -> Result<Db, DbError> {
        Ok(Db::Sqlite(sqlite::Sqlite::open_read_only(path)?))
    }

    /// SQLite: a consistent copy to the new, empty file `out`, taken while the archive runs.
    pub async fn copy_to(&self, out: &std::path::Path) -> Result<(), DbError> {
        match self {
            Db::Sqlite(s) => s.copy_to(out).await,
            Db::Postgres(_) => Err(DbError::Other(
                "PostgreSQL is copied with its own tools".into(),
            )),
        }
    }

    /// SQLite: `PRAGMA integrity_check` ("ok", or the problems it names).
    pub async fn integrity(&self) -> Result<String, DbError> {
        match self {
            Db::Sqlite(s) => s.integrity().await,
            Db::Postgres(_) => Err(DbError::Other("PostgreSQL checks its own pages".into())),
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Postgres(_) => "postgresql",
            Db::Sqlite(_) => "sqlite",
        }
    }

    /// Rows of a read.
    pub async fn query(&self, sql: &'static str, params: Vec<Value>) -> Result<Vec<Row>, DbError> {
        match self {
            Db::Postgres(p) => p.query(sql, params).await,
            Db::Sqlite(s) => s.query(sql, params).await,
        }
    }

    /// Statements applied as one transaction, durable when this returns.
    pub async fn write(&self, statements: Vec<Statement>) -> Result<(), DbError> {
        match self {
            Db::Postgres(p) => p.write(statements).await,
            Db::Sqlite(s) => s.write(statements).await,
        }
    }

    /// Run a script of several statements (DDL), as one transaction.
    pub async fn batch(&self, script: String) -> Result<(), DbError> {
        match self {
            Db::Postgres(p) => p.batch(script).await,
            Db::Sqlite(s) => s.batch(script).await,
        }
    }
}
