//! The state of a form that records something new — a referral, a provider's invitation: the record as
//! typed, the domain's error (shown next to the field it names), a failure of saving, and "recorded".

use leptos::prelude::*;

use crate::components::field::TextField;
use crate::domain::provider::ProviderError;
use crate::domain::referral::ReferralError;
use crate::i18n::errors::Localize;
use crate::i18n::view::{say, t, Said};
use crate::i18n::Tx;

/// An error that may name the form field it belongs next to.
pub trait NamesField: Localize + Clone + Send + Sync + 'static {
    /// The field's name, if the error is about one field.
    fn field(&self) -> Option<&'static str>;
}

/// Signals of a "record something" form (all `Copy`).
pub struct RecordForm<T: Send + Sync + 'static, E: Send + Sync + 'static> {
    pub form: RwSignal<T>,
    pub error: RwSignal<Option<E>>,
    pub failed: RwSignal<Option<Said>>,
    pub saved: RwSignal<bool>,
}

impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Clone for RecordForm<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static, E: Send + Sync + 'static> Copy for RecordForm<T, E> {}

impl<T: Default + Send + Sync + 'static, E: Send + Sync + 'static> Default for RecordForm<T, E> {
    /// An empty form.
    fn default() -> Self {
        RecordForm {
            form: RwSignal::new(T::default()),
            error: RwSignal::new(None),
            failed: RwSignal::new(None),
            saved: RwSignal::new(false),
        }
    }
}

impl<T: Default + Send + Sync + 'static, E: NamesField> RecordForm<T, E> {
    /// The error's message when it names `field`.
    pub fn error_for(self, field: &'static str) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().filter(|e| e.field() == Some(field)).map(|e| say(&e)))
    }

    /// The user typed: the last message and "recorded" no longer apply.
    pub fn edited(self) {
        self.saved.set(false);
        self.error.set(None);
    }

    /// The record was saved: an empty form and "recorded".
    pub fn recorded(self) {
        self.form.set(T::default());
        self.error.set(None);
        self.failed.set(None);
        self.saved.set(true);
    }

    /// A text field bound to one string of the record, with the message of the error naming `field`.
    pub fn text_field(
        self,
        id: &'static str,
        label: impl Into<Tx>,
        field: &'static str,
        get: fn(&T) -> String,
        set: fn(&mut T, String),
    ) -> impl IntoView {
        let form = self.form;
        let edit = move |v: String| {
            self.edited();
            form.update(|f| set(f, v))
        };
        view! {
            <TextField id label=label.into() value=Signal::derive(move || form.with(get)) on_input=edit on_blur=|()| ()
                error=self.error_for(field)/>
        }
    }

    /// "Recorded" or the failure, beside the submit button.
    pub fn status(self, recorded: impl Into<Tx>) -> impl IntoView {
        let (saved, failed, recorded) = (self.saved, self.failed, recorded.into());
        view! {
            {move || saved.get().then(|| view! { <p class="notice notice-success" role="status">{t(recorded)}</p> })}
            {move || failed.get().map(|e| view! { <p class="notice notice-error" role="alert">{e.now()}</p> })}
        }
    }
}

impl NamesField for ReferralError {
    fn field(&self) -> Option<&'static str> {
        ReferralError::field(self)
    }
}

impl NamesField for ProviderError {
    fn field(&self) -> Option<&'static str> {
        ProviderError::field(self)
    }
}
