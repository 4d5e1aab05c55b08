//! A property of the gazetteer as the API shows it.

use crate::gazetteer;
use permit_api_types::Property;

pub fn property_view(p: &gazetteer::Property) -> Property {
    Property {
        id: p.id.clone(),
        council: p.council.as_str().to_owned(),
        postcode: p.postcode.as_str().to_owned(),
        house: p.house.clone(),
        address: p.address.clone(),
        zone: p.zone.clone(),
    }
}
