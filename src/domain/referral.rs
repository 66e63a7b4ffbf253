//! Referrals: customers referred to the partner (by Microsoft, a provider, or the customer). A new referral
//! waits for an answer for 14 days — accepted it becomes Active, declined (with a reason) Declined, left
//! alone Expired; an Active one ends Won (with a customer) or Lost.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use uuid::Uuid;

use super::search::Plain;
use super::timestamp::Timestamp;
use super::validation::{length, FieldError};

/// Days a new referral waits for an answer before it expires.
pub const ANSWER_DAYS: i64 = 14;

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralState {
    New,
    Active,
    Declined,
    /// Not answered within 14 days (computed from the date received, never stored).
    Expired,
    Won,
    Lost,
}

impl ReferralState {
    /// Every state, in the order the filter lists them.
    pub const ALL: [ReferralState; 6] = [
        ReferralState::New,
        ReferralState::Active,
        ReferralState::Won,
        ReferralState::Lost,
        ReferralState::Declined,
        ReferralState::Expired,
    ];

    /// The word the inbox shows.
    pub fn label(self) -> &'static str {
        match self {
            ReferralState::New => "New",
            ReferralState::Active => "Active",
            ReferralState::Declined => "Declined",
            ReferralState::Expired => "Expired",
            ReferralState::Won => "Won",
            ReferralState::Lost => "Lost",
        }
    }

    /// Stable machine name, for form values.
    pub fn key(self) -> &'static str {
        match self {
            ReferralState::New => "new",
            ReferralState::Active => "active",
            ReferralState::Declined => "declined",
            ReferralState::Expired => "expired",
            ReferralState::Won => "won",
            ReferralState::Lost => "lost",
        }
    }

    /// The state whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<ReferralState> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What the partner agreed when accepting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub name: String,
    /// In whole currency units (euros).
    pub value: u64,
    /// When the deal should close.
    #[serde(with = "super::iso_date::optional", default)]
    pub close_by: Option<Date>,
    #[serde(default)]
    pub notes: String,
    /// The deal's id in the partner's CRM.
    #[serde(default)]
    pub crm_id: String,
    /// Who works on it (names or addresses).
    #[serde(default)]
    pub contacts: String,
}

/// A referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: Uuid,
    pub customer_name: String,
    pub contact_name: String,
    pub contact_email: String,
    /// What the customer needs.
    pub need: String,
    /// Estimated deal value in whole currency units (euros).
    pub value: u64,
    #[serde(with = "super::iso_date::text")]
    pub received_on: Date,
    /// The stored state (never `Expired`: that is computed).
    pub state: ReferralState,
    #[serde(default)]
    pub deal: Option<Deal>,
    #[serde(default)]
    pub decline_reason: String,
    /// Why it was lost, if said.
    #[serde(default)]
    pub lost_reason: String,
    /// The customer it was won with.
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    pub updated_at: Timestamp,
}

/// Why a referral can't change as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferralError {
    #[error("A referral that is {0} can't be {1}.")]
    NotAllowed(&'static str, &'static str),
    #[error("{1}: {0}")]
    Field(FieldError, &'static str),
    #[error("Enter the deal value in euros, like 25000 or 25.000,00.")]
    Value,
    #[error("The date received can't be in the future.")]
    ReceivedInFuture,
}

impl ReferralError {
    /// The name of the form field the error belongs next to, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ReferralError::Field(_, name) => Some(name),
            ReferralError::Value => Some("Value"),
            ReferralError::ReceivedInFuture => Some("Received"),
            ReferralError::NotAllowed(..) => None,
        }
    }
}

/// The form of a new referral, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewReferral {
    pub customer_name: String,
    pub contact_name: String,
    pub contact_email: String,
    pub need: String,
    pub value: String,
    pub received_on: Option<Date>,
}

/// Reads a euro amount as German and English partners write it ("25000", "25.000", "25,000", "25 000 €",
/// "12.500,50", "12,500.50") to whole euros, cents rounded half up. A separator followed by exactly three
/// digits groups thousands; otherwise the last separator starts the cents.
pub fn parse_value(text: &str) -> Result<u64, ReferralError> {
    let text: String = text.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '€' | '\'')).collect();
    if text.is_empty() {
        return Ok(0);
    }
    let last = text.rfind(['.', ',']);
    // The separator that starts the cents, if there are cents.
    let (whole, cents, decimal) = match last {
        Some(at) if text.len() - at - 1 != 3 => (&text[..at], &text[at + 1..], Some(text.as_bytes()[at] as char)),
        _ => (text.as_str(), "", None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // Thousands: one kind of separator, groups of three after the first (which has one to three digits),
    // and not the separator that starts the cents.
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let separators: Vec<char> = whole.chars().filter(|c| matches!(c, '.' | ',')).collect();
    let grouped = match groups.as_slice() {
        [one] => all_digits(one),
        [first, rest @ ..] => {
            (1..=3).contains(&first.len())
                && all_digits(first)
                && rest.iter().all(|g| g.len() == 3 && all_digits(g))
                && separators.windows(2).all(|w| w[0] == w[1])
                && decimal.is_none_or(|d| separators[0] != d)
        }
        [] => false,
    };
    if !grouped || !(cents.is_empty() || (cents.len() <= 2 && all_digits(cents))) {
        return Err(ReferralError::Value);
    }
    let digits: String = groups.concat();
    let euros: u64 = digits.parse().map_err(|_| ReferralError::Value)?;
    let cents: u64 = format!("{cents:0<2}").parse().unwrap_or(0);
    euros.checked_add(u64::from(cents >= 50)).ok_or(ReferralError::Value)
}

fn field(value: &str, min: usize, max: usize, name: &'static str) -> Result<String, ReferralError> {
    length(value, min, max).map_err(|e| ReferralError::Field(e, name))?;
    Ok(value.trim().to_string())
}

impl NewReferral {
    /// Checks the form and makes the referral (state New), or says what is wrong.
    pub fn to_referral(&self, id: Uuid, today: Date, now: Timestamp) -> Result<Referral, ReferralError> {
        let received_on = self.received_on.unwrap_or(today);
        if received_on > today {
            return Err(ReferralError::ReceivedInFuture);
        }
        if !self.contact_email.trim().is_empty() {
            super::validation::email(self.contact_email.trim(), &[])
                .map_err(|e| ReferralError::Field(e, "Contact email"))?;
        }
        Ok(Referral {
            id,
            customer_name: field(&self.customer_name, 1, 100, "Customer")?,
            contact_name: field(&self.contact_name, 0, 100, "Contact")?,
            contact_email: self.contact_email.trim().to_string(),
            need: field(&self.need, 0, 1_000, "Need")?,
            value: parse_value(&self.value)?,
            received_on,
            state: ReferralState::New,
            deal: None,
            decline_reason: String::new(),
            lost_reason: String::new(),
            customer_id: None,
            updated_at: now,
        })
    }
}

impl Referral {
    /// The wizard's form for the customer this referral brings, filled with what the referral knows.
    pub fn customer_draft(&self, today: Date) -> super::draft::CustomerDraft {
        let (first, last) = self.contact_name.trim().split_once(' ').unwrap_or((self.contact_name.trim(), ""));
        super::draft::CustomerDraft {
            company_name: self.customer_name.clone(),
            first_name: first.to_string(),
            last_name: last.trim().to_string(),
            email: self.contact_email.clone(),
            referral_id: Some(self.id),
            ..super::draft::CustomerDraft::with_defaults(today)
        }
    }

    /// The state on `today` (a New referral unanswered for 14 days is Expired).
    pub fn state_on(&self, today: Date) -> ReferralState {
        match self.state {
            ReferralState::New if self.days_left(today) <= 0 => ReferralState::Expired,
            state => state,
        }
    }

    /// Days left to answer a new referral on `today` (0 or less: expired).
    pub fn days_left(&self, today: Date) -> i64 {
        let deadline = self.received_on + Duration::days(ANSWER_DAYS);
        (deadline - today).whole_days()
    }

    fn expect(&self, today: Date, wanted: ReferralState, doing: &'static str) -> Result<(), ReferralError> {
        let state = self.state_on(today);
        match state == wanted {
            true => Ok(()),
            false => Err(ReferralError::NotAllowed(state.label(), doing)),
        }
    }

    /// Accepts a new referral with the deal's details: it becomes Active.
    pub fn accept(&mut self, deal: Deal, today: Date, now: Timestamp) -> Result<(), ReferralError> {
        self.expect(today, ReferralState::New, "accepted")?;
        let deal = Deal {
            name: field(&deal.name, 1, 100, "Deal name")?,
            notes: field(&deal.notes, 0, 2_000, "Notes")?,
            crm_id: field(&deal.crm_id, 0, 50, "CRM id")?,
            contacts: field(&deal.contacts, 0, 500, "Contacts")?,
            ..deal
        };
        self.deal = Some(deal);
        self.state = ReferralState::Active;
        self.updated_at = now;
        Ok(())
    }

    /// Declines a new referral; the reason is required.
    pub fn decline(&mut self, reason: &str, today: Date, now: Timestamp) -> Result<(), ReferralError> {
        self.expect(today, ReferralState::New, "declined")?;
        self.decline_reason = field(reason, 1, 500, "Reason")?;
        self.state = ReferralState::Declined;
        self.updated_at = now;
        Ok(())
    }

    /// Marks an active referral won, with the customer it brought.
    pub fn win(&mut self, customer: Uuid, today: Date, now: Timestamp) -> Result<(), ReferralError> {
        self.expect(today, ReferralState::Active, "won")?;
        self.customer_id = Some(customer);
        self.state = ReferralState::Won;
        self.updated_at = now;
        Ok(())
    }

    /// Marks an active referral lost (the reason is optional).
    pub fn lose(&mut self, reason: &str, today: Date, now: Timestamp) -> Result<(), ReferralError> {
        self.expect(today, ReferralState::Active, "lost")?;
        self.lost_reason = field(reason, 0, 500, "Reason")?;
        self.state = ReferralState::Lost;
        self.updated_at = now;
        Ok(())
    }
}

/// The referrals the inbox shows: those in `state` on `today` (any state when `None`) whose customer, contact
/// or contact email holds `text` (any case), newest received first and, received the same day, the latest
/// changed first.
pub fn inbox<'a>(all: &'a [Referral], state: Option<ReferralState>, text: &str, today: Date) -> Vec<&'a Referral> {
    let search = Plain::new(text);
    let holds = |r: &Referral| search.in_any(&[&r.customer_name, &r.contact_name, &r.contact_email]);
    let mut shown: Vec<&Referral> =
        all.iter().filter(|r| state.is_none_or(|s| r.state_on(today) == s) && holds(r)).collect();
    shown.sort_by(|a, b| b.received_on.cmp(&a.received_on).then(b.updated_at.cmp(&a.updated_at)));
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const NOW: Timestamp = Timestamp(7);

    fn referral(received: Date) -> Referral {
        let form = NewReferral {
            customer_name: "Contoso GmbH".into(),
            contact_name: "Anna Müller".into(),
            contact_email: "anna@contoso.de".into(),
            need: "Microsoft 365 for 40 seats".into(),
            value: "25.000 €".into(),
            received_on: Some(received),
        };
        form.to_referral(Uuid::from_u128(1), date!(2026 - 11 - 25), NOW).unwrap()
    }

    fn deal() -> Deal {
        Deal { name: "Contoso M365".into(), value: 25_000, ..Deal::default() }
    }

    #[test]
    fn the_inbox_shows_the_newest_first_filtered_by_state_and_text() {
        let today = date!(2026 - 11 - 25);
        let at = |n: u128, name: &str, contact: &str, received: Date, changed: i64| Referral {
            id: Uuid::from_u128(n),
            customer_name: name.into(),
            contact_name: contact.into(),
            updated_at: Timestamp(changed),
            ..referral(received)
        };
        let mut declined = at(4, "Litware Inc", "Lea Wagner", date!(2026 - 11 - 24), 1);
        declined.decline("Outside our region", today, NOW).unwrap();
        let all = vec![
            at(1, "Contoso GmbH", "Anna Müller", date!(2026 - 11 - 20), 5),
            at(2, "Fabrikam AG", "Jan Weiß", date!(2026 - 11 - 24), 3),
            at(3, "Northwind KG", "Müller, Tom", date!(2026 - 11 - 24), 9),
            declined,
            at(5, "Expired Ltd", "Ed", date!(2026 - 11 - 01), 1),
        ];
        let ids = |shown: Vec<&Referral>| shown.iter().map(|r| r.id.as_u128()).collect::<Vec<_>>();
        assert_eq!(
            ids(inbox(&all, None, "", today)),
            [3, 4, 2, 1, 5],
            "newest received first; the same day, latest change"
        );
        assert_eq!(ids(inbox(&all, Some(ReferralState::New), "", today)), [3, 2, 1]);
        assert_eq!(ids(inbox(&all, Some(ReferralState::Expired), "", today)), [5]);
        assert_eq!(ids(inbox(&all, None, " MÜLLER ", today)), [3, 1], "contact names, any case");
        assert_eq!(ids(inbox(&all, None, "fabrikam", today)), [2]);
        assert_eq!(ids(inbox(&all, Some(ReferralState::New), "litware", today)), Vec::<u128>::new());
    }

    #[test]
    fn a_new_referral_expires_after_exactly_14_days_without_an_answer() {
        let r = referral(date!(2026 - 11 - 01));
        assert_eq!(r.value, 25_000);
        assert_eq!((r.state_on(date!(2026 - 11 - 01)), r.days_left(date!(2026 - 11 - 01))), (ReferralState::New, 14));
        assert_eq!((r.state_on(date!(2026 - 11 - 14)), r.days_left(date!(2026 - 11 - 14))), (ReferralState::New, 1));
        assert_eq!(r.state_on(date!(2026 - 11 - 15)), ReferralState::Expired);
        let mut late = r.clone();
        let err = late.accept(deal(), date!(2026 - 11 - 15), NOW).unwrap_err();
        assert_eq!(err.to_string(), "A referral that is Expired can't be accepted.");
        assert_eq!(
            late.decline("x", date!(2026 - 11 - 20), NOW),
            Err(ReferralError::NotAllowed("Expired", "declined"))
        );
    }

    #[test]
    fn every_allowed_transition_and_every_refused_one() {
        let today = date!(2026 - 11 - 20);
        // New → Active → Won
        let mut r = referral(date!(2026 - 11 - 18));
        r.accept(deal(), today, NOW).unwrap();
        assert_eq!((r.state_on(today), r.deal.as_ref().map(|d| d.value)), (ReferralState::Active, Some(25_000)));
        assert_eq!(r.state_on(date!(2027 - 06 - 01)), ReferralState::Active, "an active referral never expires");
        assert!(r.decline("x", today, NOW).is_err() && r.accept(deal(), today, NOW).is_err());
        r.win(Uuid::from_u128(9), today, NOW).unwrap();
        assert_eq!((r.state, r.customer_id), (ReferralState::Won, Some(Uuid::from_u128(9))));
        assert!(r.lose("", today, NOW).is_err() && r.win(Uuid::nil(), today, NOW).is_err());
        // New → Active → Lost
        let mut r = referral(date!(2026 - 11 - 18));
        r.accept(deal(), today, NOW).unwrap();
        r.lose("Went with another partner", today, NOW).unwrap();
        assert_eq!(r.state, ReferralState::Lost);
        assert!(r.win(Uuid::nil(), today, NOW).is_err() && r.accept(deal(), today, NOW).is_err());
        // New → Declined; a New one can't be won or lost
        let mut r = referral(date!(2026 - 11 - 18));
        assert_eq!(r.win(Uuid::nil(), today, NOW), Err(ReferralError::NotAllowed("New", "won")));
        assert_eq!(r.lose("", today, NOW), Err(ReferralError::NotAllowed("New", "lost")));
        r.decline("Not our region", today, NOW).unwrap();
        assert_eq!((r.state, r.decline_reason.as_str()), (ReferralState::Declined, "Not our region"));
        assert!(r.accept(deal(), today, NOW).is_err() && r.win(Uuid::nil(), today, NOW).is_err());
    }

    #[test]
    fn declining_needs_a_reason_and_accepting_a_deal_name() {
        let today = date!(2026 - 11 - 20);
        let mut r = referral(date!(2026 - 11 - 18));
        assert_eq!(r.decline("  ", today, NOW), Err(ReferralError::Field(FieldError::Required, "Reason")));
        assert_eq!(r.state, ReferralState::New, "nothing changed");
        let err = r.accept(Deal { name: String::new(), ..deal() }, today, NOW).unwrap_err();
        assert_eq!(err.to_string(), "Deal name: This field is required.");
    }

    #[test]
    fn a_won_referral_prefills_the_wizard() {
        let d = referral(date!(2026 - 11 - 18)).customer_draft(date!(2026 - 11 - 20));
        assert_eq!(
            (d.company_name.as_str(), d.first_name.as_str(), d.last_name.as_str()),
            ("Contoso GmbH", "Anna", "Müller")
        );
        assert_eq!((d.email.as_str(), d.referral_id), ("anna@contoso.de", Some(Uuid::from_u128(1))));
    }

    #[test]
    fn the_form_is_checked() {
        let today = date!(2026 - 11 - 25);
        let form = |f: fn(&mut NewReferral)| {
            let mut n = NewReferral { customer_name: "Contoso".into(), ..NewReferral::default() };
            f(&mut n);
            n.to_referral(Uuid::nil(), today, NOW)
        };
        assert!(form(|_| {}).is_ok());
        assert_eq!(form(|n| n.customer_name.clear()).unwrap_err().to_string(), "Customer: This field is required.");
        assert_eq!(form(|n| n.value = "viel".into()), Err(ReferralError::Value));
        assert_eq!(form(|n| n.received_on = Some(date!(2026 - 11 - 26))), Err(ReferralError::ReceivedInFuture));
        assert!(form(|n| n.contact_email = "anna@".into()).is_err());
        assert_eq!(parse_value("25 000"), Ok(25_000));
    }

    #[test]
    fn deal_values_read_as_german_and_english_partners_write_them() {
        for (text, euros) in [
            ("25000", 25_000),
            ("25.000", 25_000),
            ("25,000", 25_000),
            ("25 000 €", 25_000),
            ("1.250.000", 1_250_000),
            ("12.500,50", 12_501),
            ("12,500.49", 12_500),
            ("12500,5", 12_501),
            ("99,99", 100),
            ("", 0),
        ] {
            assert_eq!(parse_value(text), Ok(euros), "{text}");
        }
        for text in ["viel", "12,5,0", "1.2.3,4", "-5", "12,345,6789", ",50", "12.500,505"] {
            assert_eq!(parse_value(text), Err(ReferralError::Value), "{text}");
        }
    }
}
