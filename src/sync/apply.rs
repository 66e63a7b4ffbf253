//! Applying remote versions to this device, written once for every store: [`plan`] decides per document
//! (pure), [`apply_page`] reads the local side of a page, makes the planned writes through the store's
//! [`PageWriter`] and commits them with the checkpoint — one transaction per page.
//!
//! Rules, in order: a version this device has (same revision, same losing leaves) changes nothing; losing
//! leaves are merged into the winner ([`super::branches`]) and the merge is queued to be written back; a
//! version that can't be read is set aside, never dropped, and the local record stays as it is; a customer
//! whose primary domain another customer holds here is set aside; a version that breaks a rule of the wizard
//! is stored and set aside as `stored`, so every device holds the same and the partner sees what to fix; a
//! remote delete of a record this device has is written to the activity log.

use std::collections::HashMap;

use serde_json::Value;
use uuid::Uuid;

use super::branches::{fold, Folded};
use super::decide::{decide, Conflict, LocalDoc, Outcome, Write};
use super::doc::{DocId, Kind, RemoteDoc, SyncState};
use super::held::{Reason, SetAside, Unusable};
use super::local::{LocalError, LocalSide, PageWriter, SyncStore, Wanted};
use super::merge::FieldConflict;
use super::records::{label, Record};
use crate::domain::activity::{Action, ActivityEntry};
use crate::domain::outbox::{Op, OutboxEntry};
use crate::domain::timestamp::Timestamp;

/// Who the activity log names for what sync did on its own.
pub const SYNC_USER: &str = "Sync";

/// What applying a set of remote versions did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Local records written or removed.
    pub changed: usize,
    /// Versions this device had already.
    pub unchanged: usize,
    /// Outbox entries settled (this device's own pushes coming back).
    pub settled: usize,
    /// Documents now in conflict.
    pub conflicts: usize,
    /// Documents set aside by this page (stored or not).
    pub set_aside: usize,
    /// Documents whose losing leaves were merged here.
    pub merged_branches: usize,
    /// The records written or removed, so lists update only those.
    pub changed_ids: Vec<DocId>,
}

/// What to do with the local record.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordWrite {
    Keep,
    /// Store this record; the text is its JSON when it is the remote's content as it came.
    Put(Record),
    Delete,
}

/// Every write for one remote version.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub record: RecordWrite,
    /// The new sync state (`None`: unchanged).
    pub state: Option<SyncState>,
    /// The JSON text of the record, when the record and the state's base are the remote's content as it came.
    pub taken_text: Option<String>,
    pub settled: Vec<Uuid>,
    /// The document's conflict afterwards (`None`: none).
    pub conflict: Option<Conflict>,
    pub outcome: Outcome,
    /// Set the document aside for this reason (stored too when the reason says so).
    pub hold: Option<Reason>,
    /// Queue a push: merged losing leaves must be written back.
    pub queue: bool,
    /// An activity entry to write.
    pub log: Option<(Action, String)>,
}

impl Plan {
    fn unchanged(side: &LocalSide) -> Plan {
        Plan {
            record: RecordWrite::Keep,
            state: None,
            taken_text: None,
            settled: vec![],
            conflict: side.conflict.clone(),
            outcome: Outcome::Unchanged,
            hold: None,
            queue: false,
            log: None,
        }
    }

    fn held(side: &LocalSide, reason: Reason) -> Plan {
        Plan { hold: Some(reason), ..Plan::unchanged(side) }
    }
}

/// Decides the writes for `remote` given this device's side of it.
pub fn plan(remote: &RemoteDoc, side: &LocalSide, now: Timestamp) -> Plan {
    let folded = (!remote.branches.is_empty()).then(|| fold(remote, side.state.as_ref()));
    let losers = folded.as_ref().map(|f| f.losers.clone()).unwrap_or_default();
    if side.state.as_ref().is_some_and(|s| s.rev == remote.rev && s.losers == losers) {
        return Plan::unchanged(side);
    }
    // What is decided on: the remote's version, or the winner with its losing leaves folded in.
    let folded_view = folded.as_ref().map(|f| RemoteDoc {
        id: remote.id,
        rev: remote.rev.clone(),
        mutation_id: remote.mutation_id,
        data: f.data.clone(),
        branches: Vec::new(),
    });
    let view = folded_view.as_ref().unwrap_or(remote);
    // The remote's content must be a record of its kind before anything is merged with it.
    let mut theirs_record = match view.data.as_ref().map(|data| Record::from_data(remote.id, data)).transpose() {
        Ok(record) => record,
        Err(reason) => return Plan::held(side, reason),
    };
    let local = LocalDoc {
        data: side.record.as_ref().map(Record::to_data),
        state: side.state.clone(),
        pending: side.pending.clone(),
        conflict: side.conflict.clone(),
    };
    let name = label(view.data.as_ref().or(local.data.as_ref()));
    // Activity entries are written once and never change: the remote's copy is the entry.
    let d = if remote.id.kind == Kind::Activity && view.data.is_some() {
        super::decide::Decision {
            write: Write::Put(view.data.clone().unwrap_or_default()),
            state: Some(SyncState::at(view.rev.clone(), view.data.clone())),
            settled: local.pending.clone(),
            conflict: None,
            outcome: Outcome::Taken,
        }
    } else {
        decide(&local, view, &name, now)
    };
    let record = match d.write {
        Write::Keep => RecordWrite::Keep,
        Write::Delete if side.record.is_none() => RecordWrite::Keep,
        Write::Delete => RecordWrite::Delete,
        // The remote's content as it came was read once, above.
        Write::Put(v) => match theirs_record.take().filter(|_| Some(&v) == view.data.as_ref()) {
            Some(r) => RecordWrite::Put(r),
            None => match Record::from_data(remote.id, &v) {
                Ok(r) => RecordWrite::Put(r),
                Err(reason) => return Plan::held(side, reason),
            },
        },
    };
    let hold = match &record {
        RecordWrite::Put(r) => r.rule_break(now.date_utc()).map(|(field, error)| Reason::BreaksRule { field, error }),
        _ => None,
    };
    let log = match (&record, &side.record) {
        (RecordWrite::Delete, Some(_)) if remote.id.kind != Kind::Activity => {
            Some((Action::DeletedElsewhere, String::new()))
        }
        _ => None,
    };
    let taken_text = match (&d.outcome, &d.state, folded.is_some()) {
        (Outcome::Taken, Some(SyncState { base: Some(base), .. }), false) => Some(base.to_string()),
        _ => None,
    };
    let plan = Plan {
        record,
        state: d.state,
        taken_text,
        settled: d.settled,
        conflict: d.conflict,
        outcome: d.outcome,
        hold,
        queue: false,
        log,
    };
    match folded {
        Some(f) if !f.losers.is_empty() => with_branches(plan, remote, side, f, &name, now),
        _ => plan,
    }
}

/// The plan of a document whose losing leaves were merged: the state keeps the winner as base and the
/// losers to delete, the merge is queued, branch conflicts join the open conflict, and the first time these
/// leaves are seen the activity log says so.
fn with_branches(mut plan: Plan, remote: &RemoteDoc, side: &LocalSide, f: Folded, name: &str, now: Timestamp) -> Plan {
    let mut fields: Vec<FieldConflict> = plan.conflict.take().map(|c| c.fields).unwrap_or_default();
    for c in f.conflicts {
        if !fields.iter().any(|o| o.path == c.path) {
            fields.push(c);
        }
    }
    fields.sort_by(|a, b| a.path.cmp(&b.path));
    plan.conflict = (!fields.is_empty()).then(|| Conflict {
        id: remote.id,
        label: name.to_string(),
        fields,
        detected_at: side.conflict.as_ref().map(|c| c.detected_at).unwrap_or(now),
    });
    if plan.conflict.is_some() {
        plan.outcome = Outcome::Conflicted;
    } else if plan.outcome != Outcome::Acknowledged {
        plan.outcome = Outcome::Merged;
    }
    let seen_before = side.state.as_ref().is_some_and(|s| s.losers == f.losers);
    plan.state = Some(SyncState { rev: remote.rev.clone(), base: remote.data.clone(), losers: f.losers });
    plan.queue = true;
    if !seen_before && plan.log.is_none() {
        plan.log = Some((Action::ConcurrentChangeMerged, String::new()));
    }
    plan
}

/// The primary domain a pulled customer carries.
fn pulled_domain(doc: &RemoteDoc) -> Option<String> {
    (doc.id.kind == Kind::Customer).then_some(())?;
    doc.data.as_ref()?.pointer("/company/domain")?.as_str().map(String::from)
}

/// Applies `docs` (and sets `unusable` aside) and stores `checkpoint`, in one transaction. Pulled customers
/// are first written trusting the store's unique domain rule; if it refuses one, the page is applied again
/// checking each domain first, and the colliding documents are set aside with the reason.
/// `new_here` names documents this device surely holds nothing of (see [`Wanted::new_here`]).
pub async fn apply_page<S: SyncStore>(
    store: &S,
    docs: &[RemoteDoc],
    unusable: &[Unusable],
    checkpoint: Option<&Value>,
    now: Timestamp,
    new_here: &dyn Fn(DocId) -> bool,
) -> Result<ApplyReport, LocalError> {
    let page = Page { docs, unusable, checkpoint, now };
    match apply_once(store, &page, new_here, false).await {
        Err(LocalError::Constraint) => apply_once(store, &page, new_here, true).await,
        other => other,
    }
}

/// What one page applies.
struct Page<'a> {
    docs: &'a [RemoteDoc],
    unusable: &'a [Unusable],
    checkpoint: Option<&'a Value>,
    now: Timestamp,
}

async fn apply_once<S: SyncStore>(
    store: &S,
    p: &Page<'_>,
    new_here: &dyn Fn(DocId) -> bool,
    check_domains: bool,
) -> Result<ApplyReport, LocalError> {
    let (docs, unusable, now) = (p.docs, p.unusable, p.now);
    let mut wanted: Vec<Wanted> = docs
        .iter()
        .map(|d| Wanted { id: d.id, domain: pulled_domain(d).filter(|_| check_domains), new_here: new_here(d.id) })
        .collect();
    // Unusable documents with ids of ours: their local record names them.
    let mut named = Vec::with_capacity(unusable.len());
    for u in unusable {
        named.push(DocId::parse(&u.id).map(|id| {
            wanted.push(Wanted { id, domain: None, new_here: false });
            wanted.len() - 1
        }));
    }
    let (mut page, sides) = store.read_page(&wanted).await?;
    let mut report = ApplyReport::default();
    // Domains taken by customers earlier in this page (id, name).
    let mut claimed: HashMap<String, (Uuid, String)> = HashMap::new();
    for (doc, side) in docs.iter().zip(&sides) {
        let mut plan = plan(doc, side, now);
        if let (RecordWrite::Put(Record::Customer(c)), true) = (&plan.record, check_domains) {
            let holder = side.domain_holder.clone().or_else(|| claimed.get(&c.company.domain).cloned());
            match holder {
                Some((other, owner)) if other != c.id => {
                    plan = Plan::held(side, Reason::DomainTaken { domain: c.company.domain.clone(), owner })
                }
                _ => drop(claimed.insert(c.company.domain.clone(), (c.id, c.company.company_name.clone()))),
            }
        }
        write_plan(&mut page, doc, side, plan, now, &mut report)?;
    }
    for (u, side) in unusable.iter().zip(named) {
        let record = side.and_then(|i| sides[i].record.as_ref());
        let name = record.map(|r| label(Some(&r.to_data()))).unwrap_or_default();
        page.hold(&u.clone().set_aside(name, now))?;
        report.set_aside += 1;
    }
    if let Some(cp) = p.checkpoint {
        page.put_checkpoint(cp)?;
    }
    page.commit().await?;
    Ok(report)
}

fn write_plan<P: PageWriter>(
    page: &mut P,
    doc: &RemoteDoc,
    side: &LocalSide,
    plan: Plan,
    now: Timestamp,
    report: &mut ApplyReport,
) -> Result<(), LocalError> {
    let id = doc.id;
    let name = label(doc.data.as_ref().or(side.record.as_ref().map(Record::to_data).as_ref()));
    match (&plan.record, plan.taken_text.as_deref(), &plan.state) {
        // Taken as the remote has it: the record and its state in one write where the store can.
        (RecordWrite::Put(r), Some(text), Some(state)) => page.put_taken(r, text, state)?,
        (record, _, state) => {
            match record {
                RecordWrite::Keep => {}
                RecordWrite::Put(r) => page.put_record(r)?,
                RecordWrite::Delete => page.delete_record(id)?,
            }
            if let Some(s) = state {
                page.put_state(id, s)?;
            }
        }
    }
    if plan.record != RecordWrite::Keep {
        report.changed += 1;
        report.changed_ids.push(id);
    }
    if !plan.settled.is_empty() {
        page.settle(id, &plan.settled)?;
        report.settled += plan.settled.len();
    }
    if plan.conflict.is_some() || side.conflict.is_some() {
        page.set_conflict(id, plan.conflict.as_ref())?;
    }
    match plan.hold {
        Some(reason) => {
            page.hold(&SetAside {
                id: id.to_string(),
                rev: doc.rev.clone(),
                label: name.clone(),
                reason,
                seen_at: now,
            })?;
            report.set_aside += 1;
        }
        None if side.held && plan.outcome != Outcome::Unchanged => page.release(&id.to_string())?,
        None => {}
    }
    if plan.queue {
        page.queue(&OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: id.kind.entity(),
            entity_id: id.id,
            op: Op::Update,
            at: now,
        })?;
        report.merged_branches += 1;
    }
    if let Some((action, detail)) = plan.log {
        page.log(&ActivityEntry {
            id: Uuid::new_v4(),
            at: now,
            customer_id: (id.kind == Kind::Customer).then_some(id.id),
            customer_name: name,
            action,
            user: SYNC_USER.into(),
            detail,
        })?;
    }
    report.unchanged += usize::from(plan.outcome == Outcome::Unchanged);
    report.conflicts += usize::from(plan.outcome == Outcome::Conflicted);
    Ok(())
}
