//! Reading a customer CSV: byte-order mark and `,`/`;` detection (German Excel writes `;`), mapping columns
//! to fields (known headers map themselves), and a plan per row — create or update, or what is wrong with
//! it — before anything is written.

use std::collections::HashMap;

use uuid::Uuid;

use super::csv_export::{unneutralise, BOM};
use super::customer::{Customer, Relationship, INITIAL_DOMAIN_SUFFIX};
use super::draft::{CustomerDraft, ValidationContext};
use super::timestamp::Timestamp;
use super::validation::{Field, FieldError};

/// Other header names partners' files use for `field` (compared without case, spaces or signs); the
/// columns a file can map are [`Field::IMPORTED`], each also found by its English name.
fn aliases(field: Field) -> &'static [&'static str] {
    match field {
        Field::MicrosoftId => &["microsoftid", "tenantid", "customerid", "mandantenid"],
        Field::CompanyName => &["company", "companyname", "firmenname", "firma", "unternehmen"],
        Field::DomainPrefix => &["domain", "primarydomain", "domainname", "primärerdomänenname", "domäne"],
        Field::OrgRegistrationId => &["organizationregistrationnumber", "registrationid", "handelsregisternummer"],
        Field::FirstName => &["firstname", "givenname", "vorname"],
        Field::LastName => &["lastname", "surname", "nachname"],
        Field::Email => &["email", "emailaddress", "mail", "emailadresse"],
        Field::Culture => &["culture", "kultur"],
        Field::Language => &["language", "sprache"],
        Field::AddressLine1 => &["addressline1", "address", "street", "straße", "strasse", "adresse"],
        Field::AddressLine2 => &["addressline2"],
        Field::AddressLine3 => &["addressline3"],
        Field::City => &["city", "ort", "stadt"],
        Field::State => &["state", "region", "bundesland"],
        Field::PostalCode => &["postalcode", "zip", "zipcode", "postleitzahl", "plz"],
        Field::Country => &["country", "countrycode", "land"],
        Field::Phone => &["phone", "phonenumber", "telefon", "telefonnummer"],
        Field::Tags => &["tags", "schlagwörter"],
        Field::Relationship => &["relationship", "relationshiptype", "beziehung"],
        _ => &[],
    }
}

/// Puts a column's `value` into the form of its row.
fn set(field: Field, draft: &mut CustomerDraft, value: &str) {
    let v = value.to_string();
    match field {
        Field::MicrosoftId | Field::Relationship => {}
        Field::CompanyName => draft.company_name = v,
        Field::DomainPrefix => draft.domain_prefix = domain_prefix_of(value).to_string(),
        Field::OrgRegistrationId => draft.org_registration_id = v,
        Field::FirstName => draft.first_name = v,
        Field::LastName => draft.last_name = v,
        Field::Email => draft.email = v,
        Field::Culture => draft.culture = v,
        Field::Language => draft.language = v,
        Field::AddressLine1 => draft.address_line1 = v,
        Field::AddressLine2 => draft.address_line2 = v,
        Field::AddressLine3 => draft.address_line3 = v,
        Field::City => draft.city = v,
        Field::State => draft.state = v,
        Field::PostalCode => draft.postal_code = v,
        Field::Country => draft.country = v,
        Field::Phone => draft.phone = v,
        Field::Tags => draft.tags = v,
        _ => {}
    }
}

/// Why a file can't be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file is not UTF-8 text (line {0}). In Excel, save it as “CSV UTF-8 (comma delimited)”.")]
    NotUtf8(u64),
    #[error("Line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("The file has a header line but no rows.")]
    NoRows,
}

/// A read file: its header names and its rows (cells as written before the export's formula guard) with
/// their line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Reads CSV bytes: drops a byte-order mark, picks `;` when the header line has more of them than `,`.
pub fn parse(bytes: &[u8]) -> Result<Table, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        ParseError::NotUtf8(line)
    })?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let first = text.split(['\r', '\n']).next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let malformed = |e: csv::Error| ParseError::Malformed {
        line: e.position().map(|p| p.line()).unwrap_or(1),
        reason: e.to_string(),
    };
    let headers: Vec<String> = reader.headers().map_err(malformed)?.iter().map(|h| h.trim().to_string()).collect();
    // Line numbers from byte offsets: the csv crate's own line count is off by one in CRLF files.
    let mut lines = LineCounter { text: text.as_bytes(), offset: 0, line: 1 };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ParseError::Malformed {
            line: e.position().map(|p| lines.at(p.byte() as usize)).unwrap_or(1),
            reason: e.to_string(),
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| lines.at(p.byte() as usize)).unwrap_or(0);
        // A cell the app's own export guarded against spreadsheet formulas reads as it was.
        rows.push((line, record.iter().map(|cell| unneutralise(cell).to_string()).collect()));
    }
    if rows.is_empty() {
        return Err(ParseError::NoRows);
    }
    Ok(Table { delimiter, headers, rows })
}

/// Line numbers of byte offsets met in increasing order, counted incrementally.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn at(&mut self, byte: usize) -> u64 {
        // After CRLF the reported start can sit on the line break before the record: step over it.
        let mut end = byte.min(self.text.len());
        while end < self.text.len() && matches!(self.text[end], b'\r' | b'\n') {
            end += 1;
        }
        if end > self.offset {
            self.line += line_breaks(&self.text[self.offset..end]);
            self.offset = end;
        }
        self.line
    }
}

/// Line breaks in `bytes`: `\r\n`, `\n` and a lone `\r` (old Mac files) each end one line.
fn line_breaks(bytes: &[u8]) -> u64 {
    let lone_cr = bytes.windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count();
    let last_cr = usize::from(bytes.last() == Some(&b'\r'));
    (bytes.iter().filter(|&&b| b == b'\n').count() + lone_cr + last_cr) as u64
}

/// A domain as a file gives it, reduced to its prefix: every `.onmicrosoft.com` at its end is dropped (in
/// any case). Not lower-cased: the prefix rule sees what was typed.
fn domain_prefix_of(value: &str) -> &str {
    let mut prefix = value.trim();
    while prefix.len() >= INITIAL_DOMAIN_SUFFIX.len()
        && prefix.is_char_boundary(prefix.len() - INITIAL_DOMAIN_SUFFIX.len())
        && prefix[prefix.len() - INITIAL_DOMAIN_SUFFIX.len()..].eq_ignore_ascii_case(INITIAL_DOMAIN_SUFFIX)
    {
        prefix = &prefix[..prefix.len() - INITIAL_DOMAIN_SUFFIX.len()];
    }
    prefix
}

fn normalise(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The field each column fills, guessed from its header; each field at most once.
pub fn auto_map(headers: &[String]) -> Vec<Option<Field>> {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let n = normalise(h);
            let field = Field::IMPORTED
                .into_iter()
                .find(|f| !used.contains(f) && (normalise(f.english()) == n || aliases(*f).contains(&n.as_str())));
            if let Some(f) = field {
                used.push(f);
            }
            field
        })
        .collect()
}

/// What an import does with rows that match an existing customer (by Microsoft ID, else by domain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Only new customers; a match is an error.
    Create,
    /// Only existing customers; no match is an error. Unmapped fields keep their values.
    Update,
    /// New customers are created, matches updated.
    Upsert,
}

/// What one good row will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planned {
    Create(Customer),
    /// The customer before and after.
    Update(Box<Customer>, Customer),
    /// A customer the row matches and would not change (a file this app exported, imported again).
    Unchanged(Box<Customer>),
}

impl Planned {
    /// The customer as it is after the import.
    pub fn customer(&self) -> &Customer {
        match self {
            Planned::Create(c) | Planned::Update(_, c) => c,
            Planned::Unchanged(c) => c,
        }
    }
}

/// A row that can't be imported, with every reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problems: Vec<RowProblem>,
}

impl RowError {
    /// Every reason, in English.
    pub fn messages(&self) -> Vec<String> {
        self.problems.iter().map(ToString::to_string).collect()
    }
}

/// One reason a row can't be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("Microsoft ID: “{0}” is not a valid ID.")]
    InvalidId(String),
    #[error("Primary domain name: {0} is also on line {1}.")]
    DomainTwice(String, u64),
    #[error("Microsoft ID: {0} is also on line {1}.")]
    IdTwice(Uuid, u64),
    #[error("This customer is also updated by line {0}.")]
    CustomerTwice(u64),
    #[error("“{0}” exists already: choose “update” or “create or update”.")]
    Exists(String),
    #[error("No customer has this Microsoft ID or domain.")]
    NoMatch,
    #[error("Relationship: “{0}” is none of Reseller, Advisor, Syndication, Microsoft support, None.")]
    UnknownRelationship(String),
    #[error("{label}: {error}", label = .0.english(), error = .1)]
    Field(Field, FieldError),
}

fn report_problems(report: &super::validation::Report) -> Vec<RowProblem> {
    report.errors.iter().map(|(field, e)| RowProblem::Field(*field, e.clone())).collect()
}

/// Decides, row by row, what the import would do — nothing is written here. What it promises holds when
/// written: no two rows create the same Microsoft ID or domain, no customer is changed by two rows, and
/// every value is checked in the form it is stored in. A row with a Microsoft ID and no bill-to details
/// is an existing customer (Partner Center's `Customers.csv` carries none): it needs only the company's
/// details, and its billing is completed later.
pub fn plan(
    table: &Table,
    mapping: &[Option<Field>],
    mode: ImportMode,
    existing: &[Customer],
    ctx: &ValidationContext,
    now: Timestamp,
    mut new_id: impl FnMut() -> Uuid,
) -> Vec<Result<Planned, RowError>> {
    let by_id: HashMap<Uuid, &Customer> = existing.iter().map(|c| (c.id, c)).collect();
    let by_domain: HashMap<&str, &Customer> = existing.iter().map(|c| (c.company.domain.as_str(), c)).collect();
    let (mut domains_in_file, mut ids_in_file, mut matched_in_file) =
        (HashMap::<String, u64>::new(), HashMap::<Uuid, u64>::new(), HashMap::<Uuid, u64>::new());
    table
        .rows
        .iter()
        .map(|(line, cells)| {
            let line = *line;
            let value = |f: Field| {
                mapping.iter().position(|m| *m == Some(f)).and_then(|i| cells.get(i)).map(|s| s.trim().to_string())
            };
            let fail = |problems: Vec<RowProblem>| Err(RowError { line, problems });
            let id = match value(Field::MicrosoftId).filter(|v| !v.is_empty()) {
                Some(text) => match Uuid::parse_str(&text) {
                    Ok(id) => Some(id),
                    Err(_) => return fail(vec![RowProblem::InvalidId(text)]),
                },
                None => None,
            };
            // Partner Center's relationship: set on a new customer (Reseller when not given) and on one whose
            // relationship lasts; an ended relationship is changed only by reactivating it.
            let relationship = match value(Field::Relationship).filter(|v| !v.is_empty()) {
                Some(text) => match Relationship::from_text(&text) {
                    Some(r) => Some(r),
                    None => return fail(vec![RowProblem::UnknownRelationship(text)]),
                },
                None => None,
            };
            let domain = value(Field::DomainPrefix)
                .map(|d| format!("{}{INITIAL_DOMAIN_SUFFIX}", domain_prefix_of(&d).to_ascii_lowercase()));
            if let Some((id, first)) = id.and_then(|id| Some((id, ids_in_file.insert(id, line)?))) {
                return fail(vec![RowProblem::IdTwice(id, first)]);
            }
            if let Some(d) = &domain {
                if let Some(first) = domains_in_file.insert(d.clone(), line) {
                    return fail(vec![RowProblem::DomainTwice(d.clone(), first)]);
                }
            }
            let matched =
                id.and_then(|id| by_id.get(&id)).or_else(|| domain.as_deref().and_then(|d| by_domain.get(d))).copied();
            if let Some(first) = matched.and_then(|c| matched_in_file.insert(c.id, line)) {
                return fail(vec![RowProblem::CustomerTwice(first)]);
            }
            match (matched, mode) {
                (Some(c), ImportMode::Create) => fail(vec![RowProblem::Exists(c.company.company_name.clone())]),
                (None, ImportMode::Update) => fail(vec![RowProblem::NoMatch]),
                (Some(c), _) => {
                    let mut draft = CustomerDraft::to_complete(c);
                    for (i, f) in mapping.iter().enumerate() {
                        if let (Some(f), Some(v)) = (f, cells.get(i)) {
                            if *f != Field::DomainPrefix {
                                set(*f, &mut draft, v);
                            }
                        }
                    }
                    // Still an existing customer without billing after this row?
                    let company_only = c.billing_missing() && !draft.billing_given();
                    let report = if company_only { draft.validate_existing() } else { draft.validate_import(ctx) };
                    if !report.is_ok() {
                        return fail(report_problems(&report));
                    }
                    let mut after = c.clone();
                    if company_only {
                        draft.apply_company_to(&mut after);
                    } else {
                        draft.apply_account_to(&mut after);
                    }
                    after.tags = super::validation::parse_tags(&draft.tags);
                    if let Some(r) = relationship.filter(|_| c.relationship_end.is_none()) {
                        after.relationship = r;
                    }
                    if after == *c {
                        return Ok(Planned::Unchanged(Box::new(c.clone())));
                    }
                    after.updated_at = now;
                    Ok(Planned::Update(Box::new(c.clone()), after))
                }
                (None, _) => {
                    let mut draft =
                        CustomerDraft { mca_date: String::new(), ..CustomerDraft::with_defaults(ctx.today) };
                    for (i, f) in mapping.iter().enumerate() {
                        if let (Some(f), Some(v)) = (f, cells.get(i)) {
                            set(*f, &mut draft, v);
                        }
                    }
                    let created = match id {
                        Some(id) if !draft.billing_given() => draft.to_existing_customer(id, now),
                        _ => draft.to_imported_customer(ctx, id.unwrap_or_else(&mut new_id), now),
                    };
                    let created = created.map_err(|report| RowError { line, problems: report_problems(&report) })?;
                    Ok(Planned::Create(Customer {
                        relationship: relationship.unwrap_or(created.relationship),
                        ..created
                    }))
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv_export::customers_full_csv;
    use crate::domain::fixtures::{ctx, valid_draft};

    fn ids() -> impl FnMut() -> Uuid {
        let mut n = 100;
        move || {
            n += 1;
            Uuid::from_u128(n)
        }
    }

    fn customers(n: u128) -> Vec<Customer> {
        (1..=n)
            .map(|i| {
                let d = CustomerDraft {
                    company_name: format!("Kunde {i} GmbH"),
                    domain_prefix: format!("kunde{i}"),
                    ..valid_draft()
                };
                d.to_customer(&ctx(), Uuid::from_u128(i), Timestamp(1)).unwrap()
            })
            .collect()
    }

    #[test]
    fn export_then_import_gives_the_same_customers() {
        let original = customers(3);
        let table = parse(customers_full_csv(&original).as_bytes()).unwrap();
        let mapping = auto_map(&table.headers);
        let planned = plan(&table, &mapping, ImportMode::Create, &[], &ctx(), Timestamp(1), ids());
        let created: Vec<Customer> = planned
            .into_iter()
            .map(|p| match p.unwrap() {
                Planned::Create(c) => c,
                other => panic!("{other:?}"),
            })
            .collect();
        for (a, b) in original.iter().zip(&created) {
            assert_eq!(Customer { attestation: None, ..a.clone() }, *b);
        }
    }

    #[test]
    fn semicolons_and_a_bom_from_german_excel() {
        let file = "\u{feff}Firmenname;Domäne;Vorname;Nachname;E-Mail-Adresse;Straße;PLZ;Ort;Land\r\nMüller GmbH;mueller;Jan;Müller;jan@mueller.de;Weg 1;10115;Berlin;DE\r\n";
        let table = parse(file.as_bytes()).unwrap();
        assert_eq!(table.delimiter, b';');
        assert_eq!(table.headers[0], "Firmenname");
        let mapping = auto_map(&table.headers);
        assert_eq!(mapping[0], Some(Field::CompanyName));
        assert_eq!(mapping[7], Some(Field::City));
        let planned = plan(&table, &mapping, ImportMode::Create, &[], &ctx(), Timestamp(1), ids());
        assert!(
            matches!(&planned[0], Ok(Planned::Create(c)) if c.company.domain == "mueller.onmicrosoft.com"),
            "{planned:?}"
        );
    }

    #[test]
    fn hostile_files_are_read_or_refused_with_a_reason() {
        assert_eq!(parse(b""), Err(ParseError::Empty));
        assert_eq!(parse(b"\xef\xbb\xbf  \r\n"), Err(ParseError::Empty));
        assert_eq!(parse(b"Company name\n"), Err(ParseError::NoRows));
        assert_eq!(parse(b"Company name\nM\xfcller\n"), Err(ParseError::NotUtf8(2)));
        let quoted = parse(b"Company name,City\n\"Line one\nline two, still\",Berlin\n").unwrap();
        assert_eq!(quoted.rows[0].1[0], "Line one\nline two, still");
        let wide: String = (0..10_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        let table = parse(format!("{wide}\n{}\n", "x,".repeat(9_999) + "x").as_bytes()).unwrap();
        assert_eq!(table.headers.len(), 10_000);
        assert!(auto_map(&table.headers).iter().all(Option::is_none));
    }

    #[test]
    fn rows_report_every_problem_and_modes_match_existing_customers() {
        let existing = customers(2);
        let file = "Microsoft ID,Company name,Primary domain name,City\n\
                    00000000-0000-0000-0000-000000000001,Kunde 1 Neu GmbH,kunde1.onmicrosoft.com,Hamburg\n\
                    ,X,bad domain,Köln\n\
                    not-an-id,Y,y,Bonn\n";
        let table = parse(file.as_bytes()).unwrap();
        let mapping = auto_map(&table.headers);
        let upsert = plan(&table, &mapping, ImportMode::Upsert, &existing, &ctx(), Timestamp(9), ids());
        match &upsert[0] {
            Ok(Planned::Update(before, after)) => {
                assert_eq!(before.billing.default_address.city, "Berlin");
                assert_eq!(after.billing.default_address.city, "Hamburg");
                assert_eq!(after.company.company_name, "Kunde 1 Neu GmbH");
                assert_eq!(after.billing.first_name, "Anna", "unmapped fields keep their values");
            }
            other => panic!("{other:?}"),
        }
        let second = upsert[1].clone().unwrap_err();
        assert_eq!(second.line, 3);
        assert!(second.messages().iter().any(|m| m.starts_with("Company name:")), "{second:?}");
        assert!(second.messages().iter().any(|m| m.starts_with("Primary domain name:")), "{second:?}");
        assert!(second.messages().iter().any(|m| m.starts_with("First name:")), "{second:?}");
        assert_eq!(upsert[2].clone().unwrap_err().messages(), vec!["Microsoft ID: “not-an-id” is not a valid ID."]);
        let create = plan(&table, &mapping, ImportMode::Create, &existing, &ctx(), Timestamp(9), ids());
        assert!(create[0].clone().unwrap_err().messages()[0].contains("exists already"));
        let update = plan(&table, &mapping, ImportMode::Update, &existing, &ctx(), Timestamp(9), ids());
        assert_eq!(update[1].clone().unwrap_err().messages(), vec!["No customer has this Microsoft ID or domain."]);
    }

    #[test]
    fn line_numbers_count_crlf_and_quoted_line_breaks() {
        let table = parse(b"a,b\r\n1,2\r\n\"x\r\ny\",3\r\n\r\n4,5\r\n").unwrap();
        let lines: Vec<u64> = table.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 6]);
    }

    #[test]
    fn the_same_domain_twice_in_a_file_is_an_error_on_the_second_line() {
        let file = "Company name,Primary domain name\nA GmbH,dup\nB GmbH,dup\n";
        let table = parse(file.as_bytes()).unwrap();
        let planned = plan(&table, &auto_map(&table.headers), ImportMode::Create, &[], &ctx(), Timestamp(1), ids());
        assert_eq!(
            planned[1].clone().unwrap_err().messages(),
            vec!["Primary domain name: dup.onmicrosoft.com is also on line 2."]
        );
    }

    fn plan_file(file: &str, mode: ImportMode, existing: &[Customer]) -> Vec<Result<Planned, RowError>> {
        let table = parse(file.as_bytes()).unwrap();
        plan(&table, &auto_map(&table.headers), mode, existing, &ctx(), Timestamp(9), ids())
    }

    #[test]
    fn partner_centers_customers_csv_adds_existing_customers_without_billing() {
        // As German Excel saves Partner Center's export: BOM, `;`, CRLF.
        let file = "\u{feff}Microsoft ID;Company name;Primary domain name;Relationship\r\n\
                    3f2504e0-4f89-11d3-9a0c-0305e82c3301;Contoso Handels GmbH;contosohandel.onmicrosoft.com;Reseller\r\n\
                    9b2c5a1e-0000-4000-8000-000000000002;Fabrikam AG;FABRIKAM.onmicrosoft.com;Reseller\r\n";
        let planned = plan_file(file, ImportMode::Upsert, &[]);
        let created: Vec<&Customer> = planned
            .iter()
            .map(|p| match p {
                Ok(Planned::Create(c)) => c,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(created[0].id, Uuid::parse_str("3f2504e0-4f89-11d3-9a0c-0305e82c3301").unwrap());
        assert_eq!(created[1].company.domain, "fabrikam.onmicrosoft.com");
        assert!(created.iter().all(|c| c.billing_missing()));
        assert_eq!(CustomerDraft::rule_broken_by(created[0], ctx().today), None, "valid as stored");
        // Updated later, still without billing: the company details it gives are taken.
        let existing: Vec<Customer> = created.iter().map(|c| (*c).clone()).collect();
        let update = format!(
            "Microsoft ID,Company name,Organisation registration id\n{},Contoso Handel AG,HRB 1234\n",
            existing[0].id
        );
        match &plan_file(&update, ImportMode::Update, &existing)[0] {
            Ok(Planned::Update(_, after)) => {
                assert_eq!(after.company.company_name, "Contoso Handel AG");
                assert_eq!(after.company.organization_registration_number.as_deref(), Some("HRB 1234"));
                assert!(after.billing_missing());
            }
            other => panic!("{other:?}"),
        }
        // Without a Microsoft ID a row creates a tenant: billing is required.
        let new = plan_file("Company name,Primary domain name\nNeu GmbH,neu\n", ImportMode::Upsert, &[]);
        assert!(new[0].clone().unwrap_err().messages().iter().any(|m| m.starts_with("First name:")), "{new:?}");
    }

    #[test]
    fn partner_centers_relationship_column_is_taken_for_new_customers_and_lasting_relationships() {
        let file = "Microsoft ID;Company name;Primary domain name;Relationship\n\
                    00000000-0000-0000-0000-00000000000a;Beraten GmbH;beraten;Advisor\n\
                    00000000-0000-0000-0000-00000000000b;Support AG;support;microsoft support\n\
                    00000000-0000-0000-0000-00000000000c;Leer AG;leer;\n\
                    00000000-0000-0000-0000-00000000000d;Falsch AG;falsch;Partner\n";
        let planned = plan_file(file, ImportMode::Upsert, &[]);
        let relationship = |i: usize| planned[i].as_ref().map(|p| p.customer().relationship).ok();
        assert_eq!(relationship(0), Some(Relationship::Advisor));
        assert_eq!(relationship(1), Some(Relationship::MicrosoftSupport));
        assert_eq!(relationship(2), Some(Relationship::Reseller), "not given: a reseller, as added here");
        assert_eq!(
            planned[3].clone().unwrap_err().messages(),
            ["Relationship: “Partner” is none of Reseller, Advisor, Syndication, Microsoft support, None."]
        );
        // Existing customers: a lasting relationship follows the file; an ended one waits for reactivation.
        let mut existing = customers(2);
        existing[1].relationship_end =
            Some(crate::domain::customer::RelationshipEnd { at: Timestamp(5), previous: Relationship::Reseller });
        let file = format!("Microsoft ID,Relationship\n{},Advisor\n{},Advisor\n", existing[0].id, existing[1].id);
        let planned = plan_file(&file, ImportMode::Update, &existing);
        assert!(
            matches!(&planned[0], Ok(Planned::Update(_, after)) if after.relationship == Relationship::Advisor),
            "{planned:?}"
        );
        assert!(matches!(&planned[1], Ok(Planned::Unchanged(_))), "{planned:?}");
    }

    #[test]
    fn importing_the_apps_own_exports_again_changes_nothing() {
        let mut existing = customers(3);
        existing.push(
            CustomerDraft {
                company_name: "Ohne Rechnung AG".into(),
                domain_prefix: "ohne".into(),
                ..Default::default()
            }
            .to_existing_customer(Uuid::from_u128(50), Timestamp(1))
            .unwrap(),
        );
        existing[0].billing.last_name = "@Müller".into();
        existing[1].billing.default_address.phone_number = "+49 30 1234567".into();
        for file in [customers_full_csv(&existing), crate::domain::csv_export::customers_csv(&existing)] {
            let planned = plan_file(&file, ImportMode::Upsert, &existing);
            for p in &planned {
                assert!(matches!(p, Ok(Planned::Unchanged(_))), "{p:?}");
            }
        }
    }

    #[test]
    fn a_file_never_plans_what_the_store_would_refuse() {
        let existing = customers(2);
        let id = "00000000-0000-0000-0000-000000000001";
        let file = format!(
            "Microsoft ID,Company name,Primary domain name\n\
             {id},Eins GmbH,kunde1\n\
             {id},Eins Neu GmbH,kunde1b\n\
             ,Zwei GmbH,kunde2.onmicrosoft.com.onmicrosoft.com\n\
             ,Zwei Neu GmbH,KUNDE2\n"
        );
        let planned = plan_file(&file, ImportMode::Upsert, &existing);
        assert!(matches!(&planned[0], Ok(Planned::Update(..))), "{planned:?}");
        assert_eq!(planned[1].clone().unwrap_err().messages(), vec![format!("Microsoft ID: {id} is also on line 2.")]);
        assert!(
            matches!(&planned[2], Ok(Planned::Update(before, _)) if before.id == Uuid::from_u128(2)),
            "a domain with the suffix twice is the stored one: {planned:?}"
        );
        assert_eq!(
            planned[3].clone().unwrap_err().messages(),
            vec!["Primary domain name: kunde2.onmicrosoft.com is also on line 4."]
        );
        // Two rows reaching the same customer, by ID and by domain.
        let twice = format!("Microsoft ID,Company name,Primary domain name\n{id},A GmbH,\n,B GmbH,kunde1\n");
        let planned = plan_file(&twice, ImportMode::Upsert, &existing);
        assert_eq!(planned[1].clone().unwrap_err().messages(), vec!["This customer is also updated by line 2."]);
    }

    #[test]
    fn values_are_checked_as_they_are_stored() {
        let row = |domain: &str, state: &str, culture: &str| {
            format!(
                "Company name,Primary domain name,First name,Last name,Email,Address line 1,City,Postal code,Country,State,Culture\n\
                 Neu GmbH,{domain},Jan,Weiß,jan@neu.de,Weg 1,Berlin,10115,DE,{state},{culture}\n"
            )
        };
        let problems = |file: String| match plan_file(&file, ImportMode::Create, &[]).remove(0) {
            Ok(_) => Vec::new(),
            Err(e) => e.messages(),
        };
        assert_eq!(problems(row("neu", "Berlin", "de-DE")), Vec::<String>::new());
        // The Kelvin sign lower-cases to an ASCII "k": the prefix rule sees what was typed.
        assert!(problems(row("\u{212a}unde", "", "de-DE"))[0].starts_with("Primary domain name:"));
        // "ß" is stored as "SS": 100 of them pass as typed, 200 would be stored.
        assert!(problems(row("neu", &"ß".repeat(100), "de-DE"))[0].starts_with("State:"));
        assert!(problems(row("neu", "", "inc -DE"))[0].starts_with("Culture:"));
    }

    #[test]
    fn lone_carriage_returns_end_lines_too() {
        let table = parse(b"a;b\r1;2\r\"x\ry\";3\r\r4;5\r").unwrap();
        assert_eq!(table.delimiter, b';');
        let lines: Vec<u64> = table.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 6]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod invariants {
        use super::*;
        use proptest::prelude::*;
        use std::collections::HashSet;

        /// One generated row: Microsoft ID (an index into a small set, so IDs repeat), company name, domain
        /// as people write it, and billing details or none.
        #[derive(Debug, Clone)]
        struct Row {
            id: Option<u8>,
            name: String,
            domain: String,
            billing: Option<(String, String)>,
        }

        fn row() -> impl Strategy<Value = Row> {
            let name = prop_oneof![
                Just("Kunde GmbH".to_string()),
                Just("=SUM(A1) AG".to_string()),
                Just("Ä".to_string()),
                Just("Müller \"Bau\", Nord\nGmbH".to_string()),
                "[a-zA-Zß ]{0,12}",
            ];
            let domain = prop_oneof![
                (0u8..6).prop_map(|n| format!("kunde{n}")),
                (0u8..6).prop_map(|n| format!("KUNDE{n}.onmicrosoft.com")),
                (0u8..6).prop_map(|n| format!("kunde{n}.onmicrosoft.com.ONMICROSOFT.COM")),
                Just("\u{212a}unde".to_string()),
                Just(String::new()),
            ];
            let state = prop_oneof![
                Just(String::new()),
                Just("ß".repeat(60)),
                Just("\u{fb03}".repeat(40)),
                Just("Berlin".to_string())
            ];
            let billing = proptest::option::of((Just("Jan".to_string()), state));
            (proptest::option::of(0u8..4), name, domain, billing)
                .prop_map(|(id, name, domain, billing)| Row { id, name, domain, billing })
                // A row of blank cells is no row (files end with them).
                .prop_filter("blank", |r| {
                    r.id.is_some() || !r.name.trim().is_empty() || !r.domain.is_empty() || r.billing.is_some()
                })
        }

        fn tenant(n: u8) -> Uuid {
            Uuid::from_u128(0x1000 + u128::from(n))
        }

        /// The rows as a file: BOM or not, `;` or `,`, `\r`, `\n` or `\r\n`, quoted as a spreadsheet writes.
        fn file(rows: &[Row], bom: bool, semicolon: bool, ending: u8) -> String {
            let terminator = match ending {
                0 => csv::Terminator::Any(b'\r'),
                1 => csv::Terminator::Any(b'\n'),
                _ => csv::Terminator::CRLF,
            };
            let mut w = csv::WriterBuilder::new()
                .delimiter(if semicolon { b';' } else { b',' })
                .terminator(terminator)
                .from_writer(Vec::new());
            let header = [
                "Microsoft ID",
                "Company name",
                "Primary domain name",
                "First name",
                "Last name",
                "Email",
                "Address line 1",
                "City",
                "Postal code",
                "Country",
                "State",
            ];
            w.write_record(header).unwrap();
            for r in rows {
                let id = r.id.map(|n| tenant(n).to_string()).unwrap_or_default();
                let mut cells = vec![id, r.name.clone(), r.domain.clone()];
                match &r.billing {
                    Some((first, state)) => cells.extend([
                        first.clone(),
                        "Weiß".into(),
                        "jan@kunde.de".into(),
                        "Weg 1".into(),
                        "Berlin".into(),
                        "10115".into(),
                        "DE".into(),
                        state.clone(),
                    ]),
                    None => cells.extend(std::iter::repeat_n(String::new(), 8)),
                }
                w.write_record(&cells).unwrap();
            }
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            if bom {
                format!("{BOM}{text}")
            } else {
                text
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn what_a_plan_promises_the_store_can_keep(
                rows in proptest::collection::vec(row(), 1..12),
                bom: bool,
                semicolon: bool,
                ending in 0u8..3,
            ) {
                let existing = customers(2);
                let text = file(&rows, bom, semicolon, ending);
                let table = parse(text.as_bytes()).unwrap();
                prop_assert_eq!(table.rows.len(), rows.len());
                let lines: Vec<u64> = table.rows.iter().map(|(l, _)| *l).collect();
                prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "line numbers increase: {:?}", lines);
                let planned = plan(&table, &auto_map(&table.headers), ImportMode::Upsert, &existing, &ctx(), Timestamp(9), ids());
                let (mut ids_seen, mut domains, mut touched) = (HashSet::new(), HashSet::new(), HashSet::new());
                for c in &existing {
                    ids_seen.insert(c.id);
                    domains.insert(c.company.domain.clone());
                }
                let mut kept = existing.clone();
                for p in planned.iter().flatten() {
                    let c = p.customer();
                    prop_assert_eq!(CustomerDraft::rule_broken_by(c, ctx().today), None, "valid as stored: {:?}", c);
                    prop_assert_eq!(c.company.domain.to_lowercase(), c.company.domain.clone());
                    match p {
                        Planned::Create(c) => {
                            prop_assert!(ids_seen.insert(c.id), "an ID created twice or existing: {}", c.id);
                            prop_assert!(domains.insert(c.company.domain.clone()), "a domain twice: {}", c.company.domain);
                            kept.push(c.clone());
                        }
                        Planned::Update(before, after) => {
                            prop_assert!(touched.insert(before.id), "a customer changed by two rows");
                            prop_assert_eq!(before.company.domain.clone(), after.company.domain.clone());
                            *kept.iter_mut().find(|k| k.id == before.id).unwrap() = after.clone();
                        }
                        Planned::Unchanged(c) => prop_assert!(touched.insert(c.id), "a customer matched by two rows"),
                    }
                }
                // What the import leaves, exported and imported again, changes nothing.
                let again = parse(crate::domain::csv_export::customers_full_csv(&kept).as_bytes()).unwrap();
                let replanned = plan(&again, &auto_map(&again.headers), ImportMode::Upsert, &kept, &ctx(), Timestamp(10), ids());
                for p in &replanned {
                    prop_assert!(matches!(p, Ok(Planned::Unchanged(_))), "{:?}", p);
                }
            }
        }
    }
}
