//! What restoring a backup would do, worked out before anything is written: per kind of record how many are
//! new here, newer than the copy here, or left alone, and which customers can't be restored (their primary
//! domain belongs to another customer here). "Replace everything" removes what is here first; "merge" keeps
//! it and takes the backup's version of a record only where it is newer.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::Record;
use crate::domain::activity::ActivityEntry;
use crate::domain::customer::Customer;
use crate::domain::draft::CustomerDraft;
use crate::domain::invitation::{PartnerProfile, RelationshipRequest};
use crate::domain::outbox::{Entity, Op, OutboxEntry};
use crate::domain::profile::BusinessProfile;
use crate::domain::provider::Provider;
use crate::domain::referral::Referral;
use crate::domain::timestamp::Timestamp;

/// How a backup is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Everything here is removed first; the device then holds exactly the backup.
    Replace,
    /// What is here stays; per record, the newer version wins; pending changes of both are kept.
    Merge,
}

/// The kinds of records, in the order the preview lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Customers,
    Requests,
    Referrals,
    Providers,
    Profiles,
    Activity,
    Drafts,
    Pending,
}

impl Kind {
    /// Every kind, in the preview's order.
    pub const ALL: [Kind; 8] = [
        Kind::Customers,
        Kind::Requests,
        Kind::Referrals,
        Kind::Providers,
        Kind::Profiles,
        Kind::Activity,
        Kind::Drafts,
        Kind::Pending,
    ];
}

/// What this device holds, as far as a merge needs to know: each record's id and when it last changed.
#[derive(Debug, Clone, Default)]
pub struct Here {
    /// Each customer's last change and primary domain.
    pub customers: HashMap<Uuid, (Timestamp, String)>,
    pub requests: HashMap<Uuid, Timestamp>,
    pub referrals: HashMap<Uuid, Timestamp>,
    pub providers: HashMap<Uuid, Timestamp>,
    pub profiles: HashMap<Uuid, Timestamp>,
    pub activity: HashSet<Uuid>,
    pub drafts: HashSet<String>,
    /// The mutation ids of the changes waiting to sync.
    pub pending: HashSet<Uuid>,
    /// Sync is set up here.
    pub sync_set: bool,
    /// The partner's details are saved here.
    pub partner_set: bool,
}

impl Here {
    /// How many records of `kind` are here.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Customers => self.customers.len(),
            Kind::Requests => self.requests.len(),
            Kind::Referrals => self.referrals.len(),
            Kind::Providers => self.providers.len(),
            Kind::Profiles => self.profiles.len(),
            Kind::Activity => self.activity.len(),
            Kind::Drafts => self.drafts.len(),
            Kind::Pending => self.pending.len(),
        }
    }
}

/// One kind's line of the preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// In the backup.
    pub in_backup: usize,
    /// Here now (all removed by "replace everything").
    pub here: usize,
    /// Written, not here before.
    pub new: usize,
    /// Written over an older copy here.
    pub newer: usize,
    /// Left as they are here (the copy here is as new or newer), or not restored (see [`Plan::clashes`]).
    pub kept: usize,
}

/// A customer of the backup that is not restored: another customer here has its primary domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub company_name: String,
    pub domain: String,
}

/// The records a restore writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Writes {
    pub insert_customers: Vec<Customer>,
    pub update_customers: Vec<Customer>,
    pub requests: Vec<RelationshipRequest>,
    pub referrals: Vec<Referral>,
    pub providers: Vec<Provider>,
    pub profiles: Vec<BusinessProfile>,
    pub activity: Vec<ActivityEntry>,
    pub drafts: Vec<(String, CustomerDraft)>,
    /// The backup's pending changes, and a change for each record a merge wrote over an older copy (so it
    /// syncs).
    pub pending: Vec<OutboxEntry>,
    /// Sync settings to take (only where none are set here).
    pub sync: Option<serde_json::Value>,
    /// The partner's details to take (only where none are saved here).
    pub partner: Option<PartnerProfile>,
}

/// What happens to one record of the backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Not written: the copy here stays (or it clashes).
    Keep,
    /// Written; nothing of it is here.
    New,
    /// Written over an older copy here (and queued, so it syncs).
    Over,
}

/// What a restore would do: worked out from the backup's records without copying them, then turned into the
/// writes by [`Plan::into_writes`], which takes the records.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub mode: Mode,
    counts: HashMap<Kind, Counts>,
    pub clashes: Vec<Clash>,
    /// One decision per record, in the backup's order.
    decisions: Vec<Decision>,
    /// When the restore happens (the time of the changes it queues).
    now: Timestamp,
}

impl Plan {
    /// The preview's line for `kind`.
    pub fn counts(&self, kind: Kind) -> Counts {
        self.counts.get(&kind).copied().unwrap_or_default()
    }

    /// How many records the restore writes.
    pub fn written(&self) -> usize {
        Kind::ALL.iter().map(|k| self.counts(*k)).map(|c| c.new + c.newer).sum()
    }

    /// The writes of this plan, taking the `records` it was made from.
    pub fn into_writes(self, records: Vec<Record>) -> Writes {
        let mut writes = Writes::default();
        let now = self.now;
        let requeue = |entity: Entity, id: Uuid, pending: &mut Vec<OutboxEntry>| {
            pending.push(OutboxEntry { mutation_id: Uuid::new_v4(), entity, entity_id: id, op: Op::Update, at: now });
        };
        for (record, decision) in records.into_iter().zip(self.decisions) {
            let over = decision == Decision::Over;
            if decision == Decision::Keep {
                continue;
            }
            match record {
                Record::Customer(c) if over => {
                    requeue(Entity::Customer, c.id, &mut writes.pending);
                    writes.update_customers.push(*c);
                }
                Record::Customer(c) => writes.insert_customers.push(*c),
                Record::Request(r) => {
                    if over {
                        requeue(Entity::RelationshipRequest, r.id, &mut writes.pending);
                    }
                    writes.requests.push(r);
                }
                Record::Referral(r) => {
                    if over {
                        requeue(Entity::Referral, r.id, &mut writes.pending);
                    }
                    writes.referrals.push(*r);
                }
                Record::Provider(p) => {
                    if over {
                        requeue(Entity::Provider, p.id, &mut writes.pending);
                    }
                    writes.providers.push(p);
                }
                Record::Profile(p) => {
                    if over {
                        requeue(Entity::BusinessProfile, p.id, &mut writes.pending);
                    }
                    writes.profiles.push(*p);
                }
                Record::Activity(a) => writes.activity.push(a),
                Record::Draft { key, draft } => writes.drafts.push((key, *draft)),
                Record::Pending(entry) => writes.pending.push(entry),
                Record::Sync(settings) => writes.sync = Some(settings),
                Record::Partner(partner) => writes.partner = Some(partner),
            }
        }
        writes
    }
}

/// Works out what restoring `records` in `mode` does to a device holding `here`, at `now` (the time of the
/// changes a merge queues).
pub fn plan(records: &[Record], here: &Here, mode: Mode, now: Timestamp) -> Plan {
    let mut counts: HashMap<Kind, Counts> =
        Kind::ALL.iter().map(|k| (*k, Counts { here: here.count(*k), ..Counts::default() })).collect();
    let mut clashes = Vec::new();
    let merging = mode == Mode::Merge;
    // A record changed at `theirs`, against the copy here (changed at `ours`, if there is one).
    let mut decide = |kind: Kind, ours: Option<Timestamp>, theirs: Timestamp| -> Decision {
        let c = counts.get_mut(&kind).expect("every kind is counted");
        c.in_backup += 1;
        match ours.filter(|_| merging) {
            None => {
                c.new += 1;
                Decision::New
            }
            Some(ours) if theirs > ours => {
                c.newer += 1;
                Decision::Over
            }
            Some(_) => {
                c.kept += 1;
                Decision::Keep
            }
        }
    };
    // Kept whatever its time: a clash, a draft being typed here, an entry that never changes.
    let always_here = Some(Timestamp(i64::MAX));
    let domains: HashMap<&str, Uuid> =
        if merging { here.customers.iter().map(|(id, (_, d))| (d.as_str(), *id)).collect() } else { HashMap::new() };
    let decisions = records
        .iter()
        .map(|record| match record {
            Record::Customer(c) => {
                let clash = domains.get(c.company.domain.as_str()).is_some_and(|owner| *owner != c.id);
                if clash {
                    clashes
                        .push(Clash { company_name: c.company.company_name.clone(), domain: c.company.domain.clone() });
                }
                let ours = if clash { always_here } else { here.customers.get(&c.id).map(|h| h.0) };
                decide(Kind::Customers, ours, c.updated_at)
            }
            Record::Request(r) => decide(Kind::Requests, here.requests.get(&r.id).copied(), r.changed_at()),
            Record::Referral(r) => decide(Kind::Referrals, here.referrals.get(&r.id).copied(), r.updated_at),
            Record::Provider(p) => decide(Kind::Providers, here.providers.get(&p.id).copied(), p.updated_at),
            Record::Profile(p) => decide(Kind::Profiles, here.profiles.get(&p.id).copied(), p.updated_at),
            Record::Activity(a) => decide(Kind::Activity, always_here.filter(|_| here.activity.contains(&a.id)), a.at),
            Record::Draft { key, .. } => {
                decide(Kind::Drafts, always_here.filter(|_| here.drafts.contains(key)), Timestamp(0))
            }
            Record::Pending(e) => {
                decide(Kind::Pending, always_here.filter(|_| here.pending.contains(&e.mutation_id)), e.at)
            }
            Record::Sync(_) if merging && here.sync_set => Decision::Keep,
            Record::Partner(_) if merging && here.partner_set => Decision::Keep,
            Record::Sync(_) | Record::Partner(_) => Decision::New,
        })
        .collect();
    Plan { mode, counts, clashes, decisions, now }
}
