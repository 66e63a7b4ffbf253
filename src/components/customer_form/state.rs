//! A customer form's state — shared by the add wizard and the edit page: the draft, which fields the user
//! has visited, and the validation report.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::draft::CustomerDraft;
use crate::domain::validation::{self, Field, FieldError, Report};
use crate::i18n::errors::Localize;
use crate::i18n::texts::Form as F;
use crate::i18n::view::{say, tf};
use crate::platform::locale;
use crate::state::AppState;
use crate::store::StoreError;
use crate::usecases::domain_owner;

/// Which form this is: the add wizard checks everything, editing only the account info and bill-to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit,
}

/// Signals shared by the form's parts (all `Copy`).
#[derive(Clone, Copy)]
pub struct CustomerForm {
    pub mode: FormMode,
    pub draft: RwSignal<CustomerDraft>,
    /// Fields the user has left at least once: their messages show from then on, live.
    pub touched: RwSignal<BTreeSet<Field>>,
    /// Set by "Next" or "Submit": show every message.
    pub show_all: RwSignal<bool>,
    pub step: RwSignal<usize>,
    pub report: Memo<Report>,
    /// The local customer already using the typed domain prefix.
    pub domain_owner: LocalResource<Option<String>>,
    /// Why the typed domain prefix could not be looked up among this device's customers, if it could not.
    pub domain_unchecked: RwSignal<Option<StoreError>>,
}

impl CustomerForm {
    /// A form showing `initial`.
    pub fn new(app: &AppState, mode: FormMode, initial: CustomerDraft) -> CustomerForm {
        let draft = RwSignal::new(initial);
        let ctx = app.validation_context();
        let store = app.store.clone();
        let domain_unchecked = RwSignal::new(None);
        let domain_owner = LocalResource::new(move || {
            let prefix = draft.with(|d| d.domain_prefix.clone());
            let store = store.clone();
            async move {
                if mode == FormMode::Edit || validation::domain_prefix(&prefix).is_err() {
                    return None;
                }
                let owner = domain_owner(&store, &prefix).await;
                domain_unchecked.set(owner.as_ref().err().cloned());
                owner.ok().flatten()
            }
        });
        CustomerForm {
            mode,
            draft,
            touched: RwSignal::new(BTreeSet::new()),
            show_all: RwSignal::new(false),
            step: RwSignal::new(0),
            report: Memo::new(move |_| {
                draft.with(|d| match mode {
                    FormMode::New => d.validate(&ctx),
                    FormMode::Edit => d.validate_account(&ctx),
                })
            }),
            domain_owner,
            domain_unchecked,
        }
    }

    /// The error of `field`, including "domain taken", whether or not it is shown yet.
    pub fn error(self, field: Field) -> Option<FieldError> {
        if let Some(e) = self.report.with(|r| r.error(field).cloned()) {
            return Some(e);
        }
        if field == Field::DomainPrefix {
            if let Some(Some(owner)) = self.domain_owner.get() {
                let prefix = self.draft.with(|d| d.domain_prefix.trim().to_lowercase());
                return Some(FieldError::DomainTaken(prefix, owner));
            }
        }
        None
    }

    /// The message shown next to `field` right now.
    pub fn visible_error(self, field: Field) -> Signal<Option<String>> {
        Signal::derive(move || {
            let visible = self.show_all.get() || self.touched.with(|t| t.contains(&field));
            visible.then(|| self.error(field)).flatten().map(|e| e.localize(locale::current()))
        })
    }

    /// Warnings of `field`, shown as soon as there are any — for the domain, also that it could not be
    /// looked up among this device's customers (saving looks again and refuses a taken one).
    pub fn warnings(self, field: Field) -> Signal<Vec<String>> {
        Signal::derive(move || {
            let mut warnings: Vec<String> = self.report.with(|r| {
                let locale = locale::current();
                r.warnings.get(&field).map(|ws| ws.iter().map(|w| w.localize(locale)).collect()).unwrap_or_default()
            });
            if field == Field::DomainPrefix {
                if let Some(e) = self.domain_unchecked.get() {
                    warnings.push(tf(F::DomainUnchecked, &[&say(&e)]));
                }
            }
            warnings
        })
    }

    /// Marks `field` as visited.
    pub fn touch(self, field: Field) -> Callback<()> {
        Callback::new(move |()| {
            self.touched.update(|t| {
                t.insert(field);
            })
        })
    }

    /// Whether nothing blocks submitting the form.
    pub fn is_complete(self) -> bool {
        self.report.with(Report::is_ok) && self.error(Field::DomainPrefix).is_none()
    }
}

/// `(value, setter)` for one text field of the draft.
macro_rules! bind {
    ($form:expr, $field:ident) => {{
        let draft = $form.draft;
        (
            Signal::derive(move || draft.with(|d| d.$field.clone())),
            Callback::new(move |v: String| draft.update(|d| d.$field = v)),
        )
    }};
}
pub(crate) use bind;
