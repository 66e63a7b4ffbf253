//! A backup of everything on this device as one file: a header line, one line per record, and an end line
//! with the number of records and a CRC-32 of every byte before it. A file that is not one, was made by a
//! newer version, was cut short or was changed by even one byte is refused before anything is read from it.
//!
//! ```text
//! {"format":"partner-accounts-backup","version":1,"created_at":1764806400000}
//! {"customer":{…}}
//! {"pending":{…}}
//! {"end":{"records":2,"crc32":"1c291ca3"}}
//! ```

pub mod plan;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use serde::{Deserialize, Serialize};

use super::activity::ActivityEntry;
use super::customer::Customer;
use super::draft::CustomerDraft;
use super::invitation::{PartnerProfile, RelationshipRequest};
use super::outbox::OutboxEntry;
use super::profile::BusinessProfile;
use super::provider::Provider;
use super::referral::Referral;
use super::timestamp::Timestamp;

/// What the first line says a backup is.
pub const FORMAT: &str = "partner-accounts-backup";
/// The format this version writes and the newest it reads.
pub const VERSION: u32 = 1;

/// The first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub created_at: Timestamp,
}

/// One record of a backup (one line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Customer(Box<Customer>),
    Request(RelationshipRequest),
    Referral(Box<Referral>),
    Provider(Provider),
    Profile(Box<BusinessProfile>),
    Activity(ActivityEntry),
    Draft {
        key: String,
        draft: Box<CustomerDraft>,
    },
    /// A change not yet synced.
    Pending(OutboxEntry),
    /// Where this device synced to, as the sync settings write themselves (never the password or token).
    Sync(serde_json::Value),
    /// The partner's own details.
    Partner(PartnerProfile),
}

/// The last line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct End {
    records: u64,
    crc32: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Last {
    End(End),
}

/// Why a file is not restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// Not a backup of this app (another file, or another app's).
    #[error("This file is not a backup of this app.")]
    Foreign,
    /// Made by a newer version of the app, in a format this one does not know.
    #[error("This backup was made by a newer version of the app (format {0}); open that version to restore it.")]
    NewerFormat(u32),
    /// The file ends before the backup does (an interrupted download or copy).
    #[error("This backup is incomplete: the file ends before the backup does.")]
    Truncated,
    /// The content no longer matches its checksum.
    #[error("This backup is damaged: its content does not match its checksum.")]
    Damaged,
    /// A line that matches the checksum but cannot be read (written by hand, or a bug).
    #[error("Line {line} of the backup can't be read: {reason}")]
    Unreadable { line: usize, reason: String },
}

/// Writes a backup: [`Writer::new`] gives the header line, [`Writer::line`] each record's, [`Writer::finish`]
/// the end line. Lines are handed out as they are made, so a large backup never sits in memory whole.
pub struct Writer {
    crc: crc32fast::Hasher,
    records: u64,
}

impl Writer {
    /// A backup made at `now`, and its header line.
    pub fn new(now: Timestamp) -> (Writer, String) {
        let header = Header { format: FORMAT.into(), version: VERSION, created_at: now };
        let mut writer = Writer { crc: crc32fast::Hasher::new(), records: 0 };
        let line = writer.seal(serde_json::to_string(&header).expect("a header is JSON"));
        (writer, line)
    }

    /// The line of `record`.
    pub fn line(&mut self, record: &Record) -> String {
        self.records += 1;
        self.seal(serde_json::to_string(record).expect("records are JSON"))
    }

    /// Appends to `text` the line of a customer whose JSON text is at hand (as stored: not parsed and written
    /// again, nor copied twice — a backup holds 100,000 of them).
    pub fn push_customer_line(&mut self, text: &mut String, json: &str) {
        self.records += 1;
        let start = text.len();
        text.push_str("{\"customer\":");
        text.push_str(json);
        text.push_str("}\n");
        self.crc.update(&text.as_bytes()[start..]);
    }

    /// The end line.
    pub fn finish(self) -> String {
        let end = Last::End(End { records: self.records, crc32: format!("{:08x}", self.crc.finalize()) });
        let mut line = serde_json::to_string(&end).expect("the end is JSON");
        line.push('\n');
        line
    }

    fn seal(&mut self, mut line: String) -> String {
        line.push('\n');
        self.crc.update(line.as_bytes());
        line
    }
}

/// A backup read back: its header and records, checked against the checksum.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    pub header: Header,
    pub records: Vec<Record>,
}

/// A backup file being read a step at a time, so that a large one never holds the page for long: first its
/// first and last lines (is it a backup, of a format this version reads, is it whole), then the checksum,
/// then the records.
pub struct Reading<'a> {
    header: Header,
    /// Every byte before the end line.
    body: &'a [u8],
    end: End,
    crc: crc32fast::Hasher,
    /// How much of `body` the checksum has covered.
    checked: usize,
    /// How much of `body` has been read as records (after the header line).
    parsed: usize,
    line: usize,
    records: Vec<Record>,
}

impl<'a> Reading<'a> {
    /// Starts reading `bytes`: refuses at once a file that is not a backup, is of a newer format or is cut
    /// short.
    pub fn start(bytes: &'a [u8]) -> Result<Reading<'a>, BackupError> {
        let header = first_line(bytes).and_then(|l| from_line::<Header>(l).ok());
        let ours = header.filter(|h| h.format == FORMAT);
        if let Some(h) = &ours {
            if h.version > VERSION {
                return Err(BackupError::NewerFormat(h.version));
            }
        }
        let (body, end) = split_end(bytes);
        let end = end.and_then(|l| from_line::<Last>(l).ok());
        let (Some(header), Some(Last::End(end))) = (ours.clone(), end) else {
            return Err(if ours.is_some() { BackupError::Truncated } else { BackupError::Foreign });
        };
        let parsed = first_line(body).map_or(body.len(), |l| (l.len() + 1).min(body.len()));
        Ok(Reading {
            header,
            body,
            end,
            crc: crc32fast::Hasher::new(),
            checked: 0,
            parsed,
            line: 1,
            records: Vec::new(),
        })
    }

    /// How far the reading is, as a share of the work (0 to 1).
    pub fn done(&self) -> f64 {
        let total = 2.0 * self.body.len().max(1) as f64;
        (self.checked + self.parsed) as f64 / total
    }

    /// Reads about `budget` bytes as records (or checks eight times as many: a checksum is cheaper than
    /// JSON); the backup once it is all read.
    pub fn step(&mut self, budget: usize) -> Result<Option<Backup>, BackupError> {
        if self.checked < self.body.len() {
            let until = self.checked.saturating_add(budget.saturating_mul(8)).min(self.body.len());
            self.crc.update(&self.body[self.checked..until]);
            self.checked = until;
            if until == self.body.len() && format!("{:08x}", self.crc.clone().finalize()) != self.end.crc32 {
                return Err(BackupError::Damaged);
            }
            return Ok(None);
        }
        let until = self.parsed.saturating_add(budget).min(self.body.len());
        while self.parsed < until {
            let rest = &self.body[self.parsed..];
            let line = rest.split(|b| *b == b'\n').next().unwrap_or(rest);
            self.parsed += line.len() + 1;
            self.line += 1;
            if line.is_empty() {
                continue;
            }
            let record = from_line(line).map_err(|reason| BackupError::Unreadable { line: self.line, reason })?;
            self.records.push(record);
        }
        if self.parsed < self.body.len() {
            return Ok(None);
        }
        if self.records.len() as u64 != self.end.records {
            return Err(BackupError::Damaged);
        }
        Ok(Some(Backup { header: self.header.clone(), records: std::mem::take(&mut self.records) }))
    }
}

/// One line read as `T`. Read as text, as the app reads records elsewhere (`serde_json::from_slice` is a
/// copy of all the records' reading code of its own).
fn from_line<T: serde::de::DeserializeOwned>(line: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(line).map_err(|e| e.to_string())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

fn first_line(bytes: &[u8]) -> Option<&[u8]> {
    bytes.split(|b| *b == b'\n').next().filter(|l| !l.is_empty())
}

/// Everything up to and including the newline before the last line, and the last line (a file ends with a
/// newline after it).
fn split_end(bytes: &[u8]) -> (&[u8], Option<&[u8]>) {
    let Some(without_newline) = bytes.strip_suffix(b"\n") else { return (bytes, None) };
    match without_newline.iter().rposition(|b| *b == b'\n') {
        Some(at) => (&bytes[..=at], Some(&without_newline[at + 1..])),
        None => (bytes, None),
    }
}
