//! The activity log: who did what to which customer, and when.

use serde::{Deserialize, Serialize};
use time::{Date, Month};
use uuid::Uuid;

use super::activity_detail::Detail;
use super::timestamp::Timestamp;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    CustomerAdded,
    CustomerEdited,
    TagsAdded,
    TagsRemoved,
    SubscriptionAdded,
    SubscriptionSuspended,
    SubscriptionReactivated,
    RelationshipEnded,
    RelationshipReactivated,
    RelationshipRequested,
    RelationshipRequestAccepted,
    /// An accepted relationship request became a customer (added or linked); the detail is its recipient.
    RelationshipRequestLinked,
    CustomersImported,
    ImportUndone,
    QualificationSet,
    ConflictResolved,
    /// Sync merged a change made concurrently elsewhere (a conflict branch on the remote).
    ConcurrentChangeMerged,
    /// The record was deleted on another device or by another tool.
    DeletedElsewhere,
    PurchasePermissionChanged,
    ReferralReceived,
    ReferralAccepted,
    ReferralDeclined,
    ReferralWon,
    ReferralLost,
    ProviderInvitationRecorded,
    ProviderAccepted,
    AssociatedPartnerChanged,
    BusinessProfileSaved,
    /// A backup file was restored on this device; the detail is when the backup was made.
    BackupRestored,
}

impl Action {
    /// The words the activity log shows.
    pub fn label(self) -> &'static str {
        match self {
            Action::CustomerAdded => "Customer added",
            Action::CustomerEdited => "Account info edited",
            Action::TagsAdded => "Tags added",
            Action::TagsRemoved => "Tags removed",
            Action::SubscriptionAdded => "Subscription added",
            Action::SubscriptionSuspended => "Subscription suspended",
            Action::SubscriptionReactivated => "Subscription reactivated",
            Action::RelationshipEnded => "Relationship ended",
            Action::RelationshipReactivated => "Relationship reactivated",
            Action::RelationshipRequested => "Reseller relationship requested",
            Action::RelationshipRequestAccepted => "Relationship request accepted",
            Action::RelationshipRequestLinked => "Relationship request linked to this customer",
            Action::CustomersImported => "Customers imported",
            Action::ImportUndone => "Import undone",
            Action::QualificationSet => "Qualification set",
            Action::ConflictResolved => "Sync conflict settled",
            Action::ConcurrentChangeMerged => "Merged a concurrent change from another device",
            Action::DeletedElsewhere => "Deleted on another device",
            Action::PurchasePermissionChanged => "Purchase permission changed",
            Action::ReferralReceived => "Referral received",
            Action::ReferralAccepted => "Referral accepted",
            Action::ReferralDeclined => "Referral declined",
            Action::ReferralWon => "Referral won",
            Action::ReferralLost => "Referral lost",
            Action::ProviderInvitationRecorded => "Provider invitation recorded",
            Action::ProviderAccepted => "Provider invitation accepted",
            Action::AssociatedPartnerChanged => "Indirect provider changed",
            Action::BusinessProfileSaved => "Business profile saved",
            Action::BackupRestored => "Backup restored",
        }
    }
}

/// One line of the activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: Uuid,
    pub at: Timestamp,
    pub customer_id: Option<Uuid>,
    /// The company name at the time, so the log reads well even after renames.
    pub customer_name: String,
    pub action: Action,
    /// The partner user who acted: the name set in Settings, or empty when none was (shown as "Local user").
    pub user: String,
    /// What exactly changed, in English words (empty when the action says it all): what the CSV export
    /// writes, and all that entries written before December 2026 (and text details) carry.
    #[serde(default)]
    pub detail: String,
    /// The same as data, said in the UI's language (see [`Detail`]); none for text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<Detail>,
}

/// The activity log's filters: a date range (inclusive, in the user's time zone) and optionally a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityQuery {
    pub from: Date,
    pub to: Date,
    pub customer: Option<Uuid>,
    /// Minutes to add to UTC for the user's local time (e.g. 60 in Berlin in winter).
    pub utc_offset_minutes: i32,
}

impl ActivityQuery {
    /// The default range, "last month": from the same day a month ago up to today.
    pub fn last_month(today: Date, utc_offset_minutes: i32) -> ActivityQuery {
        let (year, month) = match today.month() {
            Month::January => (today.year() - 1, Month::December),
            m => (today.year(), m.previous()),
        };
        let day = today.day().min(time::util::days_in_month(month, year));
        let from = Date::from_calendar_date(year, month, day).unwrap_or(today);
        ActivityQuery { from, to: today, customer: None, utc_offset_minutes }
    }

    /// Whether `entry` falls in the range and belongs to the chosen customer.
    pub fn matches(&self, entry: &ActivityEntry) -> bool {
        let local = self.local_date(entry.at);
        (self.from..=self.to).contains(&local) && (self.customer.is_none() || entry.customer_id == self.customer)
    }

    /// The calendar day `at` falls on in the user's time zone (the log's day groups).
    pub fn local_date(&self, at: Timestamp) -> Date {
        Timestamp(at.0 + i64::from(self.utc_offset_minutes) * 60_000).date_utc()
    }

    /// The first and the last instant of the range (both inclusive), for a store's index on time.
    pub fn span(&self) -> (Timestamp, Timestamp) {
        let offset = i64::from(self.utc_offset_minutes) * 60_000;
        let midnight = |d: Date| d.midnight().assume_utc().unix_timestamp() * 1000 - offset;
        let after_last = self.to.next_day().map_or(i64::MAX, midnight);
        (Timestamp(midnight(self.from)), Timestamp(after_last - 1))
    }

    /// Up to `limit` of `entries` that match, newest first, after `after` (the last entry of the page before).
    pub fn page(
        &self,
        entries: impl IntoIterator<Item = ActivityEntry>,
        after: Option<LogPosition>,
        limit: usize,
    ) -> Vec<ActivityEntry> {
        let mut found: Vec<ActivityEntry> =
            entries.into_iter().filter(|e| self.matches(e) && after.is_none_or(|p| p.precedes(e))).collect();
        newest_first(&mut found);
        found.truncate(limit);
        found
    }
}

/// A place in the log, newest first: the last entry of a page, where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogPosition {
    pub at: Timestamp,
    pub id: Uuid,
}

impl LogPosition {
    /// Whether `entry` comes after this place (it is older, or as old with a smaller id).
    pub fn precedes(&self, entry: &ActivityEntry) -> bool {
        (entry.at, entry.id) < (self.at, self.id)
    }
}

impl ActivityEntry {
    /// Where this entry stands in the log.
    pub fn position(&self) -> LogPosition {
        LogPosition { at: self.at, id: self.id }
    }
}

/// Sorts `entries` in the log's one order: newest first, entries of the same millisecond by id, descending
/// (the order of a backwards walk over an index on time).
pub fn newest_first(entries: &mut [ActivityEntry]) {
    entries.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn entry(at: i64, customer: u128) -> ActivityEntry {
        ActivityEntry {
            id: Uuid::from_u128(at as u128),
            at: Timestamp(at),
            customer_id: Some(Uuid::from_u128(customer)),
            customer_name: "C".into(),
            action: Action::CustomerAdded,
            user: "U".into(),
            detail: String::new(),
            typed: None,
        }
    }

    #[test]
    fn last_month_is_one_calendar_month_back_clamped_to_the_month_end() {
        assert_eq!(ActivityQuery::last_month(date!(2026 - 11 - 25), 0).from, date!(2026 - 10 - 25));
        assert_eq!(ActivityQuery::last_month(date!(2026 - 03 - 31), 0).from, date!(2026 - 02 - 28));
        assert_eq!(ActivityQuery::last_month(date!(2026 - 01 - 15), 0).from, date!(2025 - 12 - 15));
    }

    #[test]
    fn range_is_inclusive_in_local_time_and_filters_by_customer() {
        // 2026-11-24T23:30Z is already the 25th in Berlin (UTC+1).
        let late = entry(1_795_563_000_000, 1);
        let q = ActivityQuery {
            from: date!(2026 - 11 - 25),
            to: date!(2026 - 11 - 25),
            customer: None,
            utc_offset_minutes: 60,
        };
        assert!(q.matches(&late));
        assert!(!ActivityQuery { utc_offset_minutes: 0, ..q.clone() }.matches(&late));
        assert!(!ActivityQuery { customer: Some(Uuid::from_u128(2)), ..q.clone() }.matches(&late));
        assert!(ActivityQuery { customer: Some(Uuid::from_u128(1)), ..q }.matches(&late));
    }

    #[test]
    fn span_covers_the_local_days_to_the_millisecond() {
        let q = ActivityQuery {
            from: date!(2026 - 11 - 25),
            to: date!(2026 - 11 - 26),
            customer: None,
            utc_offset_minutes: 60,
        };
        let (first, last) = q.span();
        // 2026-11-25T00:00 in Berlin is 2026-11-24T23:00Z.
        assert_eq!(first, Timestamp(1_795_561_200_000));
        assert_eq!(last, Timestamp(1_795_561_200_000 + 2 * 86_400_000 - 1));
        assert!(q.matches(&entry(first.0, 1)) && q.matches(&entry(last.0, 1)));
        assert!(!q.matches(&entry(first.0 - 1, 1)) && !q.matches(&entry(last.0 + 1, 1)));
    }

    #[test]
    fn pages_walk_newest_first_without_losing_entries_of_the_same_millisecond() {
        let q = ActivityQuery {
            from: date!(2026 - 11 - 25),
            to: date!(2026 - 11 - 25),
            customer: None,
            utc_offset_minutes: 0,
        };
        let at = q.span().0 .0 + 1000;
        let mut all: Vec<ActivityEntry> = (0..7u128)
            .map(|i| ActivityEntry { id: Uuid::from_u128(100 + i), at: Timestamp(at + (i as i64 / 3)), ..entry(at, 1) })
            .collect();
        all.push(entry(at - 86_400_000, 1)); // the day before: not in the range
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = q.page(all.clone(), after, 2);
            let Some(last) = page.last() else { break };
            after = Some(last.position());
            seen.extend(page.iter().map(|e| e.id.as_u128()));
        }
        assert_eq!(seen, vec![106, 105, 104, 103, 102, 101, 100]);
    }
}
