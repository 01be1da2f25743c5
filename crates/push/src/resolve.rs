//! The archive's address, looked up once a minute rather than before every request.
//!
//! ureq 3 resolves the host before each request, pooled connection or not, and with a timeout
//! set it does so on a thread of its own: one thread started and joined per pushed entry. On
//! the region's-day benchmark that was a third of all CPU (docs/archive.md). The courtroom
//! pusher sends an entry at a time, so it keeps the answer for [`TTL`]; a court that moves its
//! archive to another address (a replica taking over) is followed within that time.
//!
//! ureq's resolver trait lives in its `unversioned` module (not covered by semver); Cargo.lock
//! pins the version this was written against, and an upgrade that changes the trait fails to
//! compile here rather than misbehave.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long an answer is kept.
pub const TTL: Duration = Duration::from_secs(60);

/// A resolver that keeps each host's addresses for [`TTL`]; failures are not kept.
#[derive(Debug)]
pub struct CachedResolver<R: Resolver = DefaultResolver> {
    inner: R,
    ttl: Duration,
    known: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Default for CachedResolver {
    fn default() -> Self {
        CachedResolver::new(DefaultResolver::default(), TTL)
    }
}

impl<R: Resolver> CachedResolver<R> {
    pub fn new(inner: R, ttl: Duration) -> Self {
        CachedResolver {
            inner,
            ttl,
            known: Mutex::new(HashMap::new()),
        }
    }
}

impl<R: Resolver> Resolver for CachedResolver<R> {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = format!(
            "{}://{}",
            uri.scheme_str().unwrap_or_default(),
            uri.authority().map(|a| a.as_str()).unwrap_or_default()
        );
        let now = Instant::now();
        if let Some((at, addrs)) = self.known.lock().ok().and_then(|m| m.get(&key).cloned())
            && now.duration_since(at) < self.ttl
        {
            return Ok(addrs);
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        if let Ok(mut m) = self.known.lock() {
            m.insert(key, (now, addrs.clone()));
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts lookups and answers one fixed address.
    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);

    impl Resolver for Counting {
        fn resolve(
            &self,
            _: &Uri,
            _: &Config,
            _: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            self.0.fetch_add(1, Ordering::SeqCst);
            let mut v = self.empty();
            v.truncate(0);
            v.push(
                "127.0.0.1:8443"
                    .parse::<SocketAddr>()
                    .unwrap_or_else(|_| unreachable!()),
            );
            Ok(v)
        }
    }

    fn timeout() -> NextTimeout {
        NextTimeout::default()
    }

    #[test]
    fn one_lookup_per_host_until_the_answer_is_old() {
        let r = CachedResolver::new(Counting::default(), Duration::from_millis(200));
        let config = Config::default();
        let a: Uri = "https://archive.court.kz:8443/v1/x"
            .parse()
            .unwrap_or_default();
        let b: Uri = "https://witness.court.kz:8443/v1/x"
            .parse()
            .unwrap_or_default();
        for _ in 0..5 {
            let got = r.resolve(&a, &config, timeout()).map(|v| v.len());
            assert_eq!(got.ok(), Some(1));
        }
        assert_eq!(
            r.inner.0.load(Ordering::SeqCst),
            1,
            "five requests, one lookup"
        );
        assert!(r.resolve(&b, &config, timeout()).is_ok());
        assert_eq!(
            r.inner.0.load(Ordering::SeqCst),
            2,
            "another host is looked up"
        );
        std::thread::sleep(Duration::from_millis(250));
        assert!(r.resolve(&a, &config, timeout()).is_ok());
        assert_eq!(
            r.inner.0.load(Ordering::SeqCst),
            3,
            "an old answer is looked up again"
        );
    }
}
