//! A court authority made with the `openssl` command line — an implementation independent of
//! the RustCrypto code the archive uses: the CA, the archive's certificate, a workstation, a
//! revoked workstation, a workstation of another (unknown) authority, and the CRL. The role is
//! the X.520 `title` attribute, as `hattama court issue` writes it (docs/trust.md).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Pki {
    pub dir: PathBuf,
    pub ca: PathBuf,
    pub crl: PathBuf,
    pub archive_cert: PathBuf,
    pub archive_key: PathBuf,
    pub workstation_cert: PathBuf,
    pub workstation_key: PathBuf,
    pub revoked_cert: PathBuf,
    pub revoked_key: PathBuf,
    pub stranger_cert: PathBuf,
    pub stranger_key: PathBuf,
    /// A judge's certificate of the same authority: not a role that may connect.
    pub judge_cert: PathBuf,
    pub judge_key: PathBuf,
    /// A second archive (a higher court's witness), same authority.
    pub witness_cert: PathBuf,
    pub witness_key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command line is needed for these tests");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn key(dir: &Path, name: &str) -> PathBuf {
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            name,
        ],
    );
    dir.join(name)
}

fn ca(dir: &Path, name: &str, subject: &str) -> (PathBuf, PathBuf) {
    let k = key(dir, &format!("{name}.key"));
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            &format!("{name}.key"),
            "-subj",
            subject,
            "-days",
            "3650",
            "-sha256",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-addext",
            "subjectKeyIdentifier=hash",
            "-out",
            &format!("{name}.pem"),
        ],
    );
    (dir.join(format!("{name}.pem")), k)
}

fn leaf(dir: &Path, ca: &str, name: &str, subject: &str, serial: &str) -> (PathBuf, PathBuf) {
    let k = key(dir, &format!("{name}.key"));
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-key",
            &format!("{name}.key"),
            "-subj",
            subject,
            "-out",
            &format!("{name}.csr"),
        ],
    );
    std::fs::write(
        dir.join(format!("{name}.ext")),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{ca}.pem"),
            "-CAkey",
            &format!("{ca}.key"),
            "-set_serial",
            serial,
            "-days",
            "365",
            "-sha256",
            "-extfile",
            &format!("{name}.ext"),
            "-out",
            &format!("{name}.pem"),
        ],
    );
    (dir.join(format!("{name}.pem")), k)
}

impl Pki {
    pub fn new(dir: &Path) -> Pki {
        std::fs::create_dir_all(dir).unwrap();
        let (ca_pem, _) = ca(dir, "ca", "/CN=Test Court Authority/O=Test Court/C=KZ");
        let (archive_cert, archive_key) = leaf(
            dir,
            "ca",
            "archive",
            "/CN=archive.test.court/title=archive/O=Test Court/C=KZ",
            "0x1001",
        );
        let (witness_cert, witness_key) = leaf(
            dir,
            "ca",
            "witness",
            "/CN=archive.test.region/title=archive/O=Test Region Court/C=KZ",
            "0x1002",
        );
        let (workstation_cert, workstation_key) = leaf(
            dir,
            "ca",
            "workstation",
            "/CN=courtroom-7/title=workstation/O=Test Court/C=KZ",
            "0x2001",
        );
        let (revoked_cert, revoked_key) = leaf(
            dir,
            "ca",
            "revoked",
            "/CN=courtroom-9/title=workstation/O=Test Court/C=KZ",
            "0x2002",
        );
        let (judge_cert, judge_key) = leaf(
            dir,
            "ca",
            "judge",
            "/CN=Judge Test/title=judge/O=Test Court/C=KZ",
            "0x3001",
        );
        ca(dir, "other-ca", "/CN=Some Other Authority/C=KZ");
        let (stranger_cert, stranger_key) = leaf(
            dir,
            "other-ca",
            "stranger",
            "/CN=courtroom-7/title=workstation/O=Test Court/C=KZ",
            "0x2001",
        );
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("crlnumber"), "1000\n").unwrap();
        std::fs::write(
            dir.join("ca.cnf"),
            "[ca]\ndefault_ca = court\n[court]\ndatabase = index.txt\ncrlnumber = crlnumber\ncertificate = ca.pem\nprivate_key = ca.key\ndefault_md = sha256\ndefault_crl_days = 30\ncrl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n",
        )
        .unwrap();
        openssl(dir, &["ca", "-config", "ca.cnf", "-revoke", "revoked.pem"]);
        openssl(
            dir,
            &["ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem"],
        );
        for k in [
            &archive_key,
            &witness_key,
            &workstation_key,
            &revoked_key,
            &stranger_key,
            &judge_key,
        ] {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(k, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        Pki {
            dir: dir.to_path_buf(),
            ca: ca_pem,
            crl: dir.join("crl.pem"),
            archive_cert,
            archive_key,
            workstation_cert,
            workstation_key,
            revoked_cert,
            revoked_key,
            stranger_cert,
            stranger_key,
            judge_cert,
            judge_key,
            witness_cert,
            witness_key,
        }
    }

    /// The authority's next CRL, made in a copy of its folder under `dir` (the shared one
    /// stays as it is): everything revoked so far and the certificate `name` (`NAME.pem`).
    /// Its number is one more than the shared list's.
    pub fn next_crl_revoking(&self, dir: &Path, name: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        for f in ["ca.pem", "ca.key", "ca.cnf", "index.txt", "crlnumber"] {
            std::fs::copy(self.dir.join(f), dir.join(f)).unwrap();
        }
        std::fs::copy(
            self.dir.join(format!("{name}.pem")),
            dir.join("to-revoke.pem"),
        )
        .unwrap();
        openssl(
            dir,
            &["ca", "-config", "ca.cnf", "-revoke", "to-revoke.pem"],
        );
        openssl(
            dir,
            &["ca", "-config", "ca.cnf", "-gencrl", "-out", "crl.pem"],
        );
        dir.join("crl.pem")
    }
}
