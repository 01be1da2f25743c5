//! The fixture `ruling_fixture` writes, read back as a render job: shared by the cold and warm
//! halves of `scripts/bench-render` so both render exactly what `hattama render ruling` does.

use std::path::{Path, PathBuf};

use ::render::{Attachment, Job, Templates};

pub struct Fixture {
    pub root: PathBuf,
    pub template: String,
    pub data: serde_json::Value,
    pub excerpt: Vec<u8>,
    pub ident: String,
    pub title: String,
    pub timestamp: chrono::DateTime<chrono::FixedOffset>,
}

impl Fixture {
    pub fn load(dir: &Path) -> Result<Fixture, String> {
        let read = |p: PathBuf| std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()));
        let parse = |p: PathBuf| -> Result<serde_json::Value, String> {
            serde_json::from_slice(&read(p.clone())?).map_err(|e| format!("{}: {e}", p.display()))
        };
        let root = dir.join("root");
        let job = parse(dir.join("job.json"))?;
        let text = |key: &str| {
            job[key]
                .as_str()
                .map(str::to_owned)
                .ok_or(format!("job.json: `{key}` missing"))
        };
        let number = |key: &str| {
            job[key]
                .as_i64()
                .ok_or(format!("job.json: `{key}` missing"))
        };
        let offset = i32::try_from(number("offset_seconds")?)
            .ok()
            .and_then(chrono::FixedOffset::east_opt)
            .ok_or("job.json: bad `offset_seconds`")?;
        let timestamp = chrono::DateTime::from_timestamp(number("timestamp")?, 0)
            .ok_or("job.json: bad `timestamp`")?
            .with_timezone(&offset);
        Ok(Fixture {
            data: parse(root.join("data.json"))?,
            excerpt: read(root.join("excerpt.json"))?,
            template: text("template")?,
            ident: text("ident")?,
            title: text("title")?,
            timestamp,
            root,
        })
    }

    pub fn templates(&self) -> Templates {
        Templates::Dir(self.root.clone())
    }

    /// The job as `hattama render ruling` builds it, with `data` in place of the fixture's.
    pub fn job<'a>(&'a self, data: &'a serde_json::Value) -> Job<'a> {
        Job {
            template: &self.template,
            data,
            today: self.timestamp.date_naive(),
            ident: &self.ident,
            timestamp: self.timestamp,
            attachments: vec![Attachment {
                name: "excerpt.json".into(),
                bytes: self.excerpt.clone(),
            }],
            title: self.title.clone(),
            description: None,
            keywords: vec!["hattama:coao653_ruling".into()],
        }
    }
}
