use proptest::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::plan::{plan, Here, Kind, Mode};
use super::*;
use crate::domain::fixtures::{ctx, valid_draft};
use crate::domain::outbox::{Entity, Op};

fn customer(n: u128, name: &str, prefix: &str, at: i64) -> Customer {
    let draft = CustomerDraft { company_name: name.into(), domain_prefix: prefix.into(), ..valid_draft() };
    draft.to_customer(&ctx(), Uuid::from_u128(n), Timestamp(at)).unwrap()
}

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// One record of every kind.
fn every_kind() -> Vec<Record> {
    let id = |n: u128| Uuid::from_u128(n).to_string();
    vec![
        Record::Customer(Box::new(customer(1, "Müller Bäckerei GmbH", "mueller", 5))),
        Record::Request(from(json!({"id": id(2), "recipient": "Fabrikam", "url": "https://admin.microsoft.com/x",
            "delegated_admin": true, "cloud": "global", "status": "pending", "created_at": 7}))),
        Record::Referral(Box::new(from(json!({"id": id(3), "customer_name": "Contoso", "contact_name": "Anna",
            "contact_email": "anna@contoso.de", "need": "Teams", "value": 12500, "received_on": "2026-12-01",
            "state": "new", "updated_at": 9})))),
        Record::Provider(from(json!({"id": id(4), "name": "Tech Data", "partner_id": id(40),
            "invited_on": "2026-11-30", "status": "invited", "updated_at": 11}))),
        Record::Profile(Box::new(from(json!({"id": id(5), "region": "europe", "description": "Wir helfen.",
            "updated_at": 13})))),
        Record::Activity(from(json!({"id": id(6), "at": 15, "customer_id": id(1),
            "customer_name": "Müller Bäckerei GmbH", "action": "customer_added", "user": "Jan"}))),
        Record::Draft {
            key: "new-customer".into(),
            draft: Box::new(CustomerDraft { company_name: "Halb".into(), ..CustomerDraft::default() }),
        },
        Record::Pending(OutboxEntry {
            mutation_id: Uuid::from_u128(7),
            entity: Entity::Customer,
            entity_id: Uuid::from_u128(1),
            op: Op::Create,
            at: Timestamp(5),
        }),
        Record::Sync(json!({"kind": "couchdb", "url": "https://couch.example", "database": "accounts"})),
        Record::Partner(from(json!({"partner_id": id(8), "company_name": "Fabrikam", "cloud": "global",
            "email_domains": "fabrikam.com", "user_name": "Jan"}))),
    ]
}

/// Reads `bytes` as the app does, a step at a time (small steps, so that every check runs across steps).
fn read(bytes: &[u8]) -> Result<Backup, BackupError> {
    let mut reading = Reading::start(bytes)?;
    loop {
        if let Some(backup) = reading.step(64)? {
            return Ok(backup);
        }
    }
}

fn write(records: &[Record]) -> Vec<u8> {
    let (mut writer, mut text) = Writer::new(Timestamp(1_764_806_400_000));
    for r in records {
        match r {
            // Customers are written from their stored JSON text, as the backup use case does.
            Record::Customer(c) => writer.push_customer_line(&mut text, &serde_json::to_string(c).unwrap()),
            other => text.push_str(&writer.line(other)),
        }
    }
    text.push_str(&writer.finish());
    text.into_bytes()
}

#[test]
fn every_kind_of_record_comes_back_as_it_was_written() {
    let records = every_kind();
    let backup = read(&write(&records)).unwrap();
    assert_eq!(
        backup.header,
        Header { format: FORMAT.into(), version: VERSION, created_at: Timestamp(1_764_806_400_000) }
    );
    assert_eq!(backup.records, records);
}

#[test]
fn an_empty_backup_is_a_backup() {
    assert_eq!(read(&write(&[])).unwrap().records, vec![]);
}

#[test]
fn other_files_newer_formats_and_cut_files_are_refused_with_their_reason() {
    assert_eq!(read(b""), Err(BackupError::Foreign));
    assert_eq!(read(b"Microsoft ID;Company name\n1;Contoso\n"), Err(BackupError::Foreign));
    assert_eq!(read(b"{\"format\":\"other-app\",\"version\":1,\"created_at\":0}\n"), Err(BackupError::Foreign));
    let newer = String::from_utf8(write(&every_kind())).unwrap().replacen("\"version\":1", "\"version\":2", 1);
    assert_eq!(read(newer.as_bytes()), Err(BackupError::NewerFormat(2)));
    let whole = write(&every_kind());
    let at_a_line = whole.iter().rposition(|b| *b == b'\n').unwrap();
    assert_eq!(read(&whole[..at_a_line]), Err(BackupError::Truncated));
    let without_last_line = &whole[..whole[..at_a_line].iter().rposition(|b| *b == b'\n').unwrap() + 1];
    assert_eq!(read(without_last_line), Err(BackupError::Truncated));
}

#[test]
fn a_changed_record_that_still_reads_is_refused_as_damaged() {
    let text = String::from_utf8(write(&every_kind())).unwrap().replacen("Müller", "Mueller", 1);
    assert_eq!(read(text.as_bytes()), Err(BackupError::Damaged));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_cut_is_detected(cut in 0usize..10_000) {
        let whole = write(&every_kind());
        let cut = cut % whole.len();
        prop_assert!(read(&whole[..cut]).is_err());
    }

    #[test]
    fn any_changed_byte_is_detected(at in 0usize..10_000, flip in 1u8..=255) {
        let mut bytes = write(&every_kind());
        let at = at % bytes.len();
        bytes[at] ^= flip;
        prop_assert!(read(&bytes).is_err(), "byte {} changed and the backup was read", at);
    }
}

fn here_with(customers: &[(&Customer, i64)]) -> Here {
    let mut here = Here::default();
    for (c, at) in customers {
        here.customers.insert(c.id, (Timestamp(*at), c.company.domain.clone()));
    }
    here
}

#[test]
fn merging_takes_new_and_newer_records_keeps_the_rest_and_queues_what_it_wrote_over() {
    let older_here = customer(1, "Alpha GmbH", "alpha", 10);
    let newer_here = customer(2, "Beta GmbH", "beta", 10);
    let new = customer(3, "Gamma GmbH", "gamma", 10);
    let same_domain = customer(4, "Alpha Kopie", "alpha", 10);
    let here = here_with(&[(&older_here, 5), (&newer_here, 20)]);
    let records = [&older_here, &newer_here, &new, &same_domain].map(|c| Record::Customer(Box::new(c.clone())));
    let p = plan(&records, &here, Mode::Merge, Timestamp(99));
    let c = p.counts(Kind::Customers);
    assert_eq!((c.in_backup, c.here, c.new, c.newer, c.kept), (4, 2, 1, 1, 2));
    assert_eq!(p.clashes.len(), 1);
    assert_eq!(
        (p.clashes[0].company_name.as_str(), p.clashes[0].domain.as_str()),
        ("Alpha Kopie", "alpha.onmicrosoft.com")
    );
    assert_eq!(p.written(), 2);
    let writes = p.into_writes(records.to_vec());
    assert_eq!(writes.insert_customers, vec![new]);
    assert_eq!(writes.update_customers, vec![older_here.clone()]);
    // The customer written over a copy here is queued, so the restored version syncs.
    let queued: Vec<_> = writes.pending.iter().map(|e| (e.entity, e.entity_id, e.op, e.at)).collect();
    assert_eq!(queued, vec![(Entity::Customer, older_here.id, Op::Update, Timestamp(99))]);
}

#[test]
fn replacing_takes_every_record_and_queues_only_the_backups_pending_changes() {
    let a = customer(1, "Alpha GmbH", "alpha", 10);
    let here = here_with(&[(&a, 50)]);
    let p = plan(&every_kind(), &here, Mode::Replace, Timestamp(99));
    for kind in Kind::ALL {
        let c = p.counts(kind);
        assert_eq!((c.new, c.newer, c.kept), (c.in_backup, 0, 0), "{kind:?}");
    }
    assert_eq!(p.counts(Kind::Customers).here, 1);
    let writes = p.into_writes(every_kind());
    // The customer here (same id, changed later) is replaced all the same.
    let Record::Customer(in_backup) = &every_kind()[0] else { unreachable!() };
    assert_eq!(writes.insert_customers, vec![(**in_backup).clone()]);
    assert_eq!(writes.pending.iter().map(|e| e.mutation_id).collect::<Vec<_>>(), vec![Uuid::from_u128(7)]);
    assert!(writes.sync.is_some() && writes.partner.is_some());
}

#[test]
fn merging_keeps_this_devices_settings_draft_and_known_changes() {
    let mut here = Here { sync_set: true, partner_set: true, ..Here::default() };
    here.drafts.insert("new-customer".into());
    here.pending.insert(Uuid::from_u128(7));
    let p = plan(&every_kind(), &here, Mode::Merge, Timestamp(99));
    assert_eq!(p.counts(Kind::Drafts).kept, 1);
    assert_eq!(p.counts(Kind::Pending).kept, 1);
    let writes = p.into_writes(every_kind());
    assert_eq!((writes.sync, writes.partner), (None, None));
    assert!(writes.drafts.is_empty());
    assert!(writes.pending.is_empty());
}
