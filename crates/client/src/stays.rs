//! Visitor stays.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{RenameVehicle, SaveVehicle, SavedVehicle, Stay, StayBooking};

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

    /// One page of stays (`when`: `upcoming` or `past`): at most `limit`, after `offset`.
    pub async fn stays_page(
        &self,
        when: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Stay>, ClientError> {
        let (limit, offset) = (limit.to_string(), offset.to_string());
        let request = self.request(reqwest::Method::GET, "/stays").query(&[
            ("when", when),
            ("limit", &limit),
            ("offset", &offset),
        ]);
        self.send(request).await
    }

    pub async fn stay(&self, id: &str) -> Result<Stay, ClientError> {
        self.get(&format!("/stays/{}", seg(id))).await
    }

    pub async fn cancel_stay(&self, id: &str) -> Result<Stay, ClientError> {
        self.post(&format!("/stays/{}/cancel", seg(id)), &()).await
    }
}

/// Saved visitor vehicles (issue 18).
impl Client {
    pub async fn saved_vehicles(&self) -> Result<Vec<SavedVehicle>, ClientError> {
        self.get("/me/vehicles").await
    }

    pub async fn save_vehicle(&self, vehicle: &SaveVehicle) -> Result<SavedVehicle, ClientError> {
        self.post("/me/vehicles", vehicle).await
    }

    pub async fn rename_vehicle(
        &self,
        id: &str,
        nickname: Option<&str>,
    ) -> Result<SavedVehicle, ClientError> {
        let body = RenameVehicle {
            nickname: nickname.map(str::to_owned),
        };
        let path = format!("/me/vehicles/{}", seg(id));
        self.send(self.request(reqwest::Method::PATCH, &path).json(&body))
            .await
    }

    pub async fn delete_vehicle(&self, id: &str) -> Result<(), ClientError> {
        let path = format!("/me/vehicles/{}", seg(id));
        self.send(self.request(reqwest::Method::DELETE, &path))
            .await
    }
}

/// A stay's calendar file (issue 18): its content type and RFC 5545 text.
#[derive(Debug, Clone)]
pub struct CalendarFile {
    pub content_type: String,
    pub disposition: String,
    pub text: String,
}

impl Client {
    pub async fn stay_calendar(&self, id: &str) -> Result<CalendarFile, ClientError> {
        let path = format!("/stays/{}/calendar", seg(id));
        let response = self.request(reqwest::Method::GET, &path).send().await?;
        if !response.status().is_success() {
            return Err(ClientError::from_response(response).await);
        }
        let header = |name: reqwest::header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let disposition = header(reqwest::header::CONTENT_DISPOSITION);
        let text = response.text().await?;
        Ok(CalendarFile {
            content_type,
            disposition,
            text,
        })
    }
}
