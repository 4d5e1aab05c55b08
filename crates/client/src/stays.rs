//! Visitor stays.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{Stay, StayBooking};

impl Client {
    pub async fn book_stay(&self, booking: &StayBooking) -> Result<Stay, ClientError> {
        self.post("/stays", booking).await
    }

    /// `when`: `upcoming` or `past`.
    pub async fn stays(&self, when: &str) -> Result<Vec<Stay>, ClientError> {
        let request = self
            .request(reqwest::Method::GET, "/stays")
            .query(&[("when", when)]);
        self.send(request).await
    }

    pub async fn stay(&self, id: &str) -> Result<Stay, ClientError> {
        self.get(&format!("/stays/{}", seg(id))).await
    }

    pub async fn cancel_stay(&self, id: &str) -> Result<Stay, ClientError> {
        self.post(&format!("/stays/{}/cancel", seg(id)), &()).await
    }
}
