//! How the archive reaches PostgreSQL. On this machine (loopback, or a unix socket) in the
//! clear: the traffic never leaves it. Anywhere else only over TLS that checks the server's
//! certificate against the authority named in the URL and the server's name against it — the
//! protocols hold names, IINs and addresses, and nothing of them crosses a network in the
//! clear. The URL says which, libpq-style:
//! `postgres://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=FILE`.

use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;

use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

/// A PostgreSQL server and how to reach it.
#[derive(Clone)]
pub enum PgLink {
    /// On this machine.
    Local(Config),
    /// Elsewhere, over TLS with the server's certificate and name checked.
    Tls(Config, MakeRustlsConnect),
}

impl PgLink {
    /// Read a `postgres://` URL; refuse one that would send data over a network in the clear.
    pub fn parse(url: &str) -> Result<PgLink, String> {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let (mut sslmode, mut rootcert, mut rest) = (None, None, Vec::new());
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("sslmode", v)) => sslmode = Some(v.to_string()),
                Some(("sslrootcert", v)) => rootcert = Some(v.to_string()),
                _ => rest.push(pair),
            }
        }
        let kept = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        // tokio-postgres's own message may quote the URL, password and all: say only where.
        let mut config = Config::from_str(&kept)
            .map_err(|_| "--db: not a PostgreSQL URL (postgres://USER@HOST:PORT/DB)".to_string())?;
        match (sslmode.as_deref(), rootcert) {
            (Some("verify-full"), Some(file)) => {
                config.ssl_mode(SslMode::Require);
                Ok(PgLink::Tls(config, connector(&file)?))
            }
            (Some("verify-full"), None) => Err(
                "--db: sslmode=verify-full needs sslrootcert=FILE, the certificate of the \
                 authority that issued the database server's"
                    .into(),
            ),
            (Some(mode), _) if mode != "disable" => Err(format!(
                "--db: sslmode={mode}: the archive takes sslmode=verify-full (the server's \
                 certificate and name checked), or no TLS to a server on this machine"
            )),
            _ if config.get_hosts().iter().all(on_this_machine) => {
                config.ssl_mode(SslMode::Disable);
                Ok(PgLink::Local(config))
            }
            _ => Err(
                "--db: this PostgreSQL server is reached over a network: add \
                 ?sslmode=verify-full&sslrootcert=FILE, or run it on this machine"
                    .into(),
            ),
        }
    }

    /// A new connection; its I/O runs on a task of its own until the client is dropped.
    pub async fn connect(&self) -> Result<Client, tokio_postgres::Error> {
        match self {
            PgLink::Local(config) => {
                let (client, connection) = config.connect(NoTls).await?;
                tokio::spawn(connection);
                Ok(client)
            }
            PgLink::Tls(config, tls) => {
                let (client, connection) = config.connect(tls.clone()).await?;
                tokio::spawn(connection);
                Ok(client)
            }
        }
    }
}

fn on_this_machine(host: &Host) -> bool {
    match host {
        Host::Unix(_) => true,
        Host::Tcp(name) => {
            name == "localhost"
                || IpAddr::from_str(name.trim_matches(['[', ']'])).is_ok_and(|ip| ip.is_loopback())
        }
    }
}

/// rustls (ring) trusting only the certificates in `file` (PEM).
fn connector(file: &str) -> Result<MakeRustlsConnect, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("--db sslrootcert {file}: {e}"))?;
    let certs = ledger::certified::read_certificates(&bytes)
        .map_err(|e| format!("--db sslrootcert {file}: {e}"))?;
    let mut roots = rustls::RootCertStore::empty();
    for c in &certs {
        roots
            .add(rustls_pki_types::CertificateDer::from(c.der().to_vec()))
            .map_err(|e| format!("--db sslrootcert {file}: {e}"))?;
    }
    let config = rustls::ClientConfig::builder_with_provider(crate::tls::provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(Arc::new(roots))
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(url: &str) -> String {
        match PgLink::parse(url) {
            Ok(_) => String::new(),
            Err(e) => e,
        }
    }

    #[test]
    fn in_the_clear_only_on_this_machine() {
        for local in [
            "postgres://archive@127.0.0.1:5432/a",
            "postgres://archive@localhost/a",
            "postgres://archive@[::1]:5432/a",
            "postgresql://archive@%2Frun%2Fpostgresql/a",
        ] {
            assert!(
                matches!(PgLink::parse(local), Ok(PgLink::Local(_))),
                "{local}"
            );
        }
        assert!(refusal("postgres://archive@10.1.2.3/a").contains("over a network"));
        assert!(refusal("postgres://archive@db.sud.kz/a?sslmode=require").contains("verify-full"));
        assert!(
            refusal("postgres://archive@db.sud.kz/a?sslmode=verify-full").contains("sslrootcert")
        );
        assert!(
            refusal("postgres://archive@db.sud.kz/a?sslmode=verify-full&sslrootcert=/nonexistent")
                .contains("/nonexistent")
        );
        // A password in a bad URL is never repeated.
        let said = refusal("postgres://archive:s3cret@db.sud.kz:notaport/a");
        assert!(
            !said.contains("s3cret") && said.contains("not a PostgreSQL URL"),
            "{said}"
        );
    }
}
