//! PostgreSQL through tokio-postgres: a small pool of connections, each with its prepared
//! statements, reconnecting when the server comes back. Writes are group-committed
//! (`group`): a group's statements are pipelined — sent together, `BEGIN` to `COMMIT`, one
//! round trip and one flush for them all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::future::join_all;

use tokio::sync::Semaphore;
use tokio_postgres::Client;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;

use super::group::{CommitFn, Group, Write};
use super::pg_link::PgLink;
use super::{DbError, Row, Statement, Value};

/// Committers: one group forms while another is flushed; PostgreSQL flushes concurrent
/// commits together as well.
const COMMITTERS: usize = 4;

struct Conn {
    client: Client,
    prepared: HashMap<&'static str, tokio_postgres::Statement>,
}

pub struct Pool {
    connections: Arc<Connections>,
    group: Group,
}

/// The connections, shared by the pool's readers and its committers.
struct Connections {
    link: PgLink,
    idle: Arc<Mutex<Vec<Conn>>>,
    permits: Semaphore,
}

/// A connection taken from the pool; it goes back when dropped, unless it broke.
struct Taken<'a> {
    conn: Option<Conn>,
    pool: &'a Connections,
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && !conn.client.is_closed()
            && let Ok(mut idle) = self.pool.idle.lock()
        {
            idle.push(conn);
        }
    }
}

fn map_err(e: tokio_postgres::Error) -> DbError {
    match e.code() {
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => DbError::Conflict,
        Some(c)
            if c.code().starts_with("08")
                || c.code().starts_with("53")
                || c.code().starts_with("57")
                || *c == SqlState::READ_ONLY_SQL_TRANSACTION =>
        {
            DbError::Unavailable(format!("PostgreSQL {}", c.code()))
        }
        // Refused at the door (class 28: pg_hba, password, no TLS): the server's words are
        // about the connection, never a row, and tell the IT officer what to fix.
        Some(c) if c.code().starts_with("28") => DbError::Unavailable(format!(
            "PostgreSQL refused the connection ({}): {}",
            c.code(),
            e.as_db_error().map_or("", |d| d.message())
        )),
        Some(c) => DbError::Other(format!("PostgreSQL {}", c.code())),
        None if e.is_closed() => DbError::Unavailable("the connection is closed".into()),
        // The cause (refused, a TLS certificate not trusted, a name that does not match) names
        // no row and no person: say it.
        None => DbError::Unavailable(format!(
            "PostgreSQL cannot be reached: {}",
            std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string)
        )),
    }
}

fn params(values: &[Value]) -> Vec<Box<dyn ToSql + Sync + Send>> {
    values
        .iter()
        .map(|v| -> Box<dyn ToSql + Sync + Send> {
            match v {
                Value::Text(s) => Box::new(s.clone()),
                Value::Int(n) => Box::new(*n),
                Value::Null => Box::new(Option::<String>::None),
            }
        })
        .collect()
}

fn refs(owned: &[Box<dyn ToSql + Sync + Send>]) -> Vec<&(dyn ToSql + Sync)> {
    owned
        .iter()
        .map(|b| b.as_ref() as &(dyn ToSql + Sync))
        .collect()
}

impl Pool {
    /// A pool of up to `connections`; call within the tokio runtime (the committers start).
    pub fn new(url: &str, connections: usize) -> Result<Pool, DbError> {
        let link = PgLink::parse(url).map_err(DbError::Schema)?;
        let connections = Arc::new(Connections {
            link,
            idle: Arc::new(Mutex::new(Vec::new())),
            permits: Semaphore::new(connections.max(1)),
        });
        let shared = connections.clone();
        let commit: CommitFn = Arc::new(move |writes| {
            let shared = shared.clone();
            Box::pin(async move { shared.commit_group(writes).await })
        });
        Ok(Pool {
            connections,
            group: Group::start(COMMITTERS, commit),
        })
    }

    pub async fn query(&self, sql: &'static str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        self.connections.query(sql, values).await
    }

    /// Statements applied as one transaction, durable when this returns (group-committed).
    pub async fn write(&self, statements: Vec<Statement>) -> Result<(), DbError> {
        self.group.write(statements).await
    }

    pub async fn batch(&self, script: String) -> Result<(), DbError> {
        self.connections.batch(script).await
    }
}

impl Connections {
    async fn take(&self) -> Result<(Taken<'_>, tokio::sync::SemaphorePermit<'_>), DbError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Unavailable("the pool is closed".into()))?;
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match idle {
            Some(c) => c,
            None => {
                // The connection's I/O runs on its own task; it ends when the client is dropped
                // or the server goes away (then `is_closed` drops the client from the pool).
                let client = self.link.connect().await.map_err(map_err)?;
                Conn {
                    client,
                    prepared: HashMap::new(),
                }
            }
        };
        Ok((
            Taken {
                conn: Some(conn),
                pool: self,
            },
            permit,
        ))
    }

    async fn statement(
        conn: &mut Conn,
        sql: &'static str,
    ) -> Result<tokio_postgres::Statement, DbError> {
        if let Some(s) = conn.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = conn.client.prepare(sql).await.map_err(map_err)?;
        conn.prepared.insert(sql, s.clone());
        Ok(s)
    }

    async fn query(&self, sql: &'static str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        let (mut taken, _permit) = self.take().await?;
        let conn = taken.conn.as_mut().ok_or(DbError::Conflict)?;
        let stmt = Self::statement(conn, sql).await?;
        let owned = params(&values);
        let rows = conn
            .client
            .query(&stmt, &refs(&owned))
            .await
            .map_err(map_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                let v = match *col.type_() {
                    tokio_postgres::types::Type::INT8 | tokio_postgres::types::Type::INT4 => {
                        let n: Option<i64> = if *col.type_() == tokio_postgres::types::Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)
                                .map_err(map_err)?
                                .map(i64::from)
                        } else {
                            row.try_get(i).map_err(map_err)?
                        };
                        n.map_or(Value::Null, Value::Int)
                    }
                    _ => row
                        .try_get::<_, Option<String>>(i)
                        .map_err(map_err)?
                        .map_or(Value::Null, Value::Text),
                };
                values.push(v);
            }
            out.push(values);
        }
        Ok(out)
    }

    /// Commit a group: pipelined in one transaction; if a statement is refused, the
    /// transaction is rolled back and each write goes again on its own, so the refusal reaches
    /// its own writer only.
    async fn commit_group(&self, writes: Vec<Write>) -> Vec<Result<(), DbError>> {
        let n = writes.len();
        let (mut taken, _permit) = match self.take().await {
            Ok(t) => t,
            Err(e) => return vec![Err(e); n],
        };
        let Some(conn) = taken.conn.as_mut() else {
            return vec![Err(DbError::Other("no connection taken".into())); n];
        };
        if n == 1 {
            return vec![Self::write_on(conn, &writes[0]).await];
        }
        match Self::pipelined(conn, &writes).await {
            Ok(()) => vec![Ok(()); n],
            Err(e @ DbError::Unavailable(_)) => vec![Err(e); n],
            Err(_) => {
                let mut outcomes = Vec::with_capacity(n);
                for w in &writes {
                    outcomes.push(Self::write_on(conn, w).await);
                }
                outcomes
            }
        }
    }

    /// Every write of a group between `BEGIN` and `COMMIT`, sent without waiting for answers
    /// (tokio-postgres sends each request when its future is first polled, in that order).
    async fn pipelined(conn: &mut Conn, writes: &[Write]) -> Result<(), DbError> {
        let mut prepared = Vec::new();
        for (sql, values) in writes.iter().flatten() {
            prepared.push((Self::statement(conn, sql).await?, params(values)));
        }
        let client = &conn.client;
        let executes = join_all(
            prepared
                .iter()
                .map(|(stmt, owned)| async move { client.execute(stmt, &refs(owned)).await }),
        );
        let (begun, executed, committed) = tokio::join!(
            client.simple_query("BEGIN"),
            executes,
            client.simple_query("COMMIT")
        );
        begun.map_err(map_err)?;
        // The first refusal names the cause; the statements after it fail only because the
        // transaction was aborted, and its COMMIT rolled everything back.
        for result in executed {
            result.map_err(map_err)?;
        }
        committed.map_err(map_err)?;
        Ok(())
    }

    /// One write as its own transaction.
    async fn write_on(conn: &mut Conn, statements: &[Statement]) -> Result<(), DbError> {
        // One statement commits on its own (one round trip, like a bare INSERT); several run
        // inside BEGIN … COMMIT.
        let several = statements.len() > 1;
        if several {
            conn.client.batch_execute("BEGIN").await.map_err(map_err)?;
        }
        for (sql, values) in statements {
            let stmt = Self::statement(conn, sql).await?;
            let owned = params(values);
            if let Err(e) = conn.client.execute(&stmt, &refs(&owned)).await {
                if several {
                    let _ = conn.client.batch_execute("ROLLBACK").await;
                }
                return Err(map_err(e));
            }
        }
        if several {
            conn.client.batch_execute("COMMIT").await.map_err(map_err)?;
        }
        Ok(())
    }

    async fn batch(&self, script: String) -> Result<(), DbError> {
        let (mut taken, _permit) = self.take().await?;
        let conn = taken.conn.as_mut().ok_or(DbError::Conflict)?;
        // Statements prepared before a schema change may no longer describe the tables.
        conn.prepared.clear();
        let result = conn
            .client
            .batch_execute(&format!("BEGIN;\n{script}\nCOMMIT;"))
            .await;
        if result.is_err() {
            // A failed statement leaves the transaction aborted; end it before the connection
            // serves anyone else.
            let _ = conn.client.batch_execute("ROLLBACK").await;
        }
        result.map_err(|e| {
            let err = map_err(e);
            match err {
                DbError::Other(code) => DbError::Schema(format!("migration failed ({code})")),
                other => other,
            }
        })
    }
}
