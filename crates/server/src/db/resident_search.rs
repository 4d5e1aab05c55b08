//! Resident lookup for council staff: a council's accounts whose name or email contains the
//! search, or who are registered at one of the given properties (a postcode), or whose permits
//! or stays carry the given VRM.

use super::Conn;
use super::filter::{Where, like_contains};

/// What to look for; the text is compared without case or spaces.
#[derive(Debug)]
pub struct Search<'a> {
    /// Lower case, spaces removed.
    pub text: &'a str,
    /// A VRM in its stored, compact form, when the search is one.
    pub vrm: Option<&'a str>,
    /// The properties at a postcode, when the search is one.
    pub property_ids: Vec<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct Found {
    pub id: String,
    pub full_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    /// Their latest registration's property.
    pub property_id: Option<String>,
}

/// `limit` matches from `offset` on, by name.
pub async fn page(
    conn: &mut Conn,
    council: &str,
    search: &Search<'_>,
    limit: usize,
    offset: usize,
) -> Result<Vec<Found>, sqlx::Error> {
    let like = like_contains(search.text);
    let mut alternatives = vec![
        (
            "REPLACE(LOWER(full_name), ' ', '') LIKE {} ESCAPE '\\'",
            like.clone(),
        ),
        ("LOWER(email) LIKE {} ESCAPE '\\'", like),
    ];
    if let Some(vrm) = search.vrm {
        alternatives.push((
            "id IN (SELECT resident_id FROM permits WHERE vrm = {})",
            vrm.to_owned(),
        ));
        alternatives.push((
            "id IN (SELECT resident_id FROM stays WHERE vrm = {})",
            vrm.to_owned(),
        ));
    }
    for property in &search.property_ids {
        alternatives.push((
            "id IN (SELECT resident_id FROM registrations WHERE property_id = {})",
            property.clone(),
        ));
    }
    let mut clauses = Where::default();
    clauses.text("council = {}", council);
    clauses.any_text(&alternatives);
    let sql = format!(
        "SELECT id, full_name, email, mobile, (SELECT r.property_id FROM registrations r \
         WHERE r.resident_id = residents.id ORDER BY r.seq DESC LIMIT 1) AS property_id \
         FROM residents{}",
        clauses.page_sql("full_name, id")
    );
    clauses
        .bind_page(sqlx::query_as(&sql), limit, offset)
        .fetch_all(conn)
        .await
}
